// The Production Brief webview: the brief's fields as labelled text areas (saved on
// blur or Ctrl+Enter) and the readiness checklist, each item marked as coming from code,
// the brief or both, with links to the files behind its reason. Plain DOM, keyboard accessible,
// VS Code theme colours; state survives hiding through getState/setState.
import type { BriefInfo, ReadinessInfo } from '../../server/src/shared/protocol';
import type { FromWebview, ToWebview } from '../../server/src/shared/webviewMessages';
import { nextActions, type NextAction } from '../../server/src/shared/nextActions';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const post = (m: FromWebview) => vscode.postMessage(m);
const STATUS_LABEL = { done: 'Done', partial: 'Partly done', missing: 'Missing' } as const;
const STATUS_MARK = { done: '●', partial: '◐', missing: '○' } as const;
const SOURCE_LABEL: Record<string, string> = { code: 'from code', brief: 'from the brief', 'code+brief': 'from code and the brief' };

interface State {
  brief: BriefInfo | null;
  readiness: ReadinessInfo | null;
  drafts: Record<string, string>;
  /** The last save's outcome per field, shown under it until the next edit. */
  saved?: Record<string, string>;
  /** The notebook the next-action buttons act on. */
  notebook?: string | null;
  /** The last next-action outcome per checklist item. */
  ran?: Record<string, { ok: boolean; text: string }>;
}

let state: State = (vscode.getState() as State | undefined) ?? { brief: null, readiness: null, drafts: {} };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function render(): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  const { brief, readiness } = state;
  if (!brief) {
    root.append(el('p', {}, 'Open a folder with a notebook project to see its production brief.'));
    return;
  }

  if (readiness) {
    const section = el('section', { 'aria-labelledby': 'readiness-title' });
    const title = el('h2', { id: 'readiness-title' }, `Readiness ${readiness.score}/100`);
    const list = el('ul', { class: 'checklist' });
    for (const item of readiness.items) {
      const li = el('li', { class: `item ${item.status}`, 'data-id': item.id });
      const mark = el('span', { class: 'mark', 'aria-hidden': 'true' }, STATUS_MARK[item.status]);
      const button = el('button', { class: 'link', title: item.reason, 'aria-label': `${item.title}: ${STATUS_LABEL[item.status]}. ${item.reason}` }, item.title);
      if (item.target) button.addEventListener('click', () => post({ type: 'open', target: item.target! }));
      else button.disabled = true;
      // A state saved by an older version has no sources or files.
      const sources = item.sources ?? [];
      const source = SOURCE_LABEL[sources.join('+')] ?? '';
      const badge = el('span', { class: `source ${sources.join('-') || 'none'}`, title: source ? `Status ${source}` : 'Nothing in the code or the brief shows it yet' }, source);
      li.append(mark, button, badge, el('div', { class: 'reason' }, item.reason));
      if (item.files?.length) {
        // Each file behind the reason opens on click (Enter or Space from the keyboard).
        const files = el('ul', { class: 'files', 'aria-label': `Files behind ${item.title}` });
        for (const file of item.files) {
          const open = el('button', { class: 'link file', 'aria-label': `Open ${file}` }, file);
          open.addEventListener('click', () => post({ type: 'open', target: { file } }));
          const entry = el('li');
          entry.append(open);
          files.append(entry);
        }
        li.append(files);
      }
      li.append(...actionsFor(item, brief));
      list.append(li);
    }
    section.append(title, list);
    root.append(section);
  }

  const form = el('section', { 'aria-labelledby': 'brief-title' });
  form.append(el('h2', { id: 'brief-title' }, brief.exists ? 'Production brief' : 'Production brief (not created yet)'));
  if (!brief.exists) {
    const create = el('button', { class: 'primary' }, 'Create PRODUCTION_BRIEF.md');
    create.addEventListener('click', () => post({ type: 'createBrief' }));
    form.append(create);
  }
  for (const field of brief.fields) {
    const id = `field-${field.id}`;
    const label = el('label', { for: id }, field.heading);
    const hint = el('div', { class: 'hint', id: `${id}-hint` }, field.prompt);
    const area = el('textarea', { id, rows: '3', 'aria-describedby': `${id}-hint`, 'data-field': field.id });
    area.value = state.drafts[field.id] ?? field.value;
    const save = () => {
      if (area.value === field.value) return;
      field.value = area.value;
      post({ type: 'updateField', fieldId: field.id, value: area.value });
    };
    area.addEventListener('input', () => {
      state.drafts[field.id] = area.value;
      if (state.saved) delete state.saved[field.id];
      vscode.setState(state);
    });
    area.addEventListener('blur', save);
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        save();
      }
    });
    const status = el('div', { class: 'saved', id: `${id}-status`, role: 'status', 'aria-live': 'polite' }, state.saved?.[field.id] ?? '');
    form.append(label, hint, area, status);
  }
  root.append(form);
}

/** The item's next-action buttons (see shared/nextActions.ts) and the outcome of the last one run. */
function actionsFor(item: ReadinessInfo['items'][number], brief: BriefInfo): HTMLElement[] {
  const actions = nextActions(item, brief);
  if (actions.length === 0) return [];
  const row = el('div', { class: 'actions', role: 'group', 'aria-label': `Next steps for ${item.title}` });
  for (const action of actions) {
    const button = el('button', { class: 'action', 'data-item': item.id, 'data-action': action.kind === 'command' ? action.command : action.kind }, action.label);
    if (action.kind === 'command' && !state.notebook) {
      button.disabled = true;
      button.title = 'Open a notebook first: the action runs on it';
    } else if (action.kind === 'command') {
      button.title = `Runs on ${state.notebook}`;
    }
    button.addEventListener('click', () => run(item.id, action));
    row.append(button);
  }
  const ran = state.ran?.[item.id];
  const status = el('div', { class: `ran${ran && !ran.ok ? ' failed' : ''}`, id: `ran-${item.id}`, role: 'status', 'aria-live': 'polite' }, ran?.text ?? '');
  return [row, status];
}

function run(itemId: string, action: NextAction): void {
  if (action.kind === 'createBrief') post({ type: 'createBrief' });
  else if (action.kind === 'command') post({ type: 'run', itemId, command: action.command, label: action.label });
  else if (action.kind === 'problems') post({ type: 'open', target: { codes: action.codes } });
  else {
    const area = document.getElementById(`field-${action.fieldId}`);
    area?.scrollIntoView({ block: 'center' });
    area?.focus();
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'state') {
    state = { brief: message.brief, readiness: message.readiness, drafts: {}, saved: state.saved, notebook: message.notebook, ran: state.ran };
    vscode.setState(state);
    render();
  } else if (message.type === 'ran') {
    state.ran = { ...state.ran, [message.itemId]: { ok: message.ok, text: message.text } };
    vscode.setState(state);
    const status = document.getElementById(`ran-${message.itemId}`);
    if (status) status.textContent = message.text;
  } else if (message.type === 'saved') {
    const text = message.ok ? 'Saved to PRODUCTION_BRIEF.md' : `Not saved: ${message.reason ?? 'the edit was refused'}`;
    state.saved = { ...state.saved, [message.fieldId]: text };
    const status = document.getElementById(`field-${message.fieldId}-status`);
    if (status) status.textContent = text;
    delete state.drafts[message.fieldId];
    vscode.setState(state);
  }
});

render();
post({ type: 'ready' });
