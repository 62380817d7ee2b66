// The guided flow of the Production Brief panel: for each readiness step not done
// yet, the next action nb2prod can take for it. Commands run on the active notebook
// (their first argument is its URI); brief fields are focused in the panel itself.
// One table, read by the webview to draw the buttons and by the tests.
import type { BriefInfo, ReadinessItemInfo } from './protocol';

/** Commands a button runs with the active notebook's URI. */
export const NOTEBOOK_COMMANDS = {
  moveConfiguration: 'nb2prod.moveConfiguration',
  addEvalCases: 'nb2prod.addEvalCases',
  exportNotebook: 'nb2prod.exportNotebook',
  createPipeline: 'nb2prod.createPipeline',
  serveFunction: 'nb2prod.serveFunction',
} as const;

export type NextAction =
  | { kind: 'createBrief'; label: string }
  | { kind: 'field'; label: string; fieldId: string }
  | { kind: 'command'; label: string; command: string; needsNotebook: true }
  /** A part nb2prod finds but does not do for the whole project: its findings, in the Problems view. */
  | { kind: 'problems'; label: string; codes: string[] };

const BRIEF_CORE = ['users', 'decision', 'kpi', 'failure-modes', 'owners'];

const command = (label: string, id: string): NextAction => ({ kind: 'command', label, command: id, needsNotebook: true });

/** The next actions for one checklist item (none once it is done). */
export function nextActions(item: ReadinessItemInfo, brief: BriefInfo | null): NextAction[] {
  if (item.status === 'done') return [];
  const empty = (id: string) => !brief?.fields.find((f) => f.id === id)?.value.trim();
  const heading = (id: string) => brief?.fields.find((f) => f.id === id)?.heading ?? id;
  const field = (id: string, label = `Write ${heading(id).toLowerCase()} in the brief`): NextAction[] => (empty(id) ? [{ kind: 'field', label, fieldId: id }] : []);
  const codes = item.target && 'codes' in item.target ? item.target.codes : [];
  /** Each missing part's actions, in the order of the parts (an item from an older server has no parts: all of them). */
  const forParts = (parts: Record<string, NextAction[]>): NextAction[] => {
    const missing = item.missing ?? Object.keys(parts);
    const actions = Object.entries(parts).filter(([part]) => missing.includes(part as never)).flatMap(([, a]) => a);
    return actions.filter((a, i) => actions.findIndex((b) => b.label === a.label) === i);
  };
  switch (item.id) {
    case 'brief': {
      if (!brief?.exists) return [{ kind: 'createBrief', label: 'Create the brief' }];
      const missing = BRIEF_CORE.find(empty);
      return missing ? field(missing, `Fill in ${heading(missing).toLowerCase()}`) : [];
    }
    case 'approach':
      return [...field('approach'), ...field('simpler-alternative')].slice(0, 1);
    case 'data-path':
      return codes.some((c) => c === 'NB201' || c === 'NB202') ? [command('Move paths to configuration', NOTEBOOK_COMMANDS.moveConfiguration)] : [];
    case 'modules':
      return [command('Extract the notebook to a project', NOTEBOOK_COMMANDS.exportNotebook)];
    case 'evals':
      // Eval cases first; with them in place, the baseline they are compared with.
      return item.missing?.includes('evals') ?? !item.files.some((f) => f.startsWith('evals/'))
        ? [command('Add eval cases', NOTEBOOK_COMMANDS.addEvalCases)] : field('simpler-alternative', 'Write the baseline to beat in the brief');
    case 'serving':
      // The pipeline is a job's entry point (a console script), the served function an API's.
      return forParts({
        'entry-point': [command('Create the pipeline', NOTEBOOK_COMMANDS.createPipeline), command('Serve a function', NOTEBOOK_COMMANDS.serveFunction)],
        job: [command('Create the pipeline', NOTEBOOK_COMMANDS.createPipeline)],
        api: [command('Serve a function', NOTEBOOK_COMMANDS.serveFunction)],
      });
    case 'packaging':
      // The pipeline's console script and README section are the run command; nb2prod pins nothing itself.
      return forParts({
        configuration: [command('Move configuration', NOTEBOOK_COMMANDS.moveConfiguration)],
        'run-command': [command('Create the pipeline', NOTEBOOK_COMMANDS.createPipeline)],
        pins: [{ kind: 'problems', label: 'Show the unpinned dependencies', codes: ['NB401', 'NB402'] }],
      });
    case 'logging':
      return [command('Serve a function', NOTEBOOK_COMMANDS.serveFunction), command('Create the pipeline', NOTEBOOK_COMMANDS.createPipeline)];
    case 'release':
      return field('release-plan');
    case 'monitoring':
      return field('monitoring');
    case 'feedback':
      return field('feedback');
    default:
      return [];
  }
}
