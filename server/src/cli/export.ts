// `nb2prod export NOTEBOOK [--dry-run]`: "Extract notebook to project", "Create
// pipeline entry point" and the packaging, from the command line. Prints the plan;
// with --dry-run writes nothing. A refusal (a file nb2prod did not write in the way,
// an invalid pyproject.toml) is a CheckError: exit 2 with the reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../engine/analyze';
import { planExport, previewText, projectPackageName, type ExportPlan } from '../engine/export/notebook';
import { loadFile } from '../engine/files';
import { findProjectRoot } from '../engine/projectConfig';
import { CheckError } from './check';
import type { Io } from './checkCommand';

export interface ExportOptions {
  command: 'export';
  notebook: string;
  dryRun: boolean;
}

export function exportCommand(engine: Engine, options: ExportOptions, io: Io): number {
  const file = path.resolve(io.cwd, options.notebook);
  if (!fs.existsSync(file)) throw new CheckError(`${options.notebook}: no such file`);
  if (!file.endsWith('.ipynb')) throw new CheckError(`${options.notebook}: export reads .ipynb notebooks (for a percent script, use the editor command)`);
  const loaded = loadFile(file);
  if (loaded.kind !== 'ipynb') throw new CheckError(`${options.notebook}: ${loaded.kind === 'unreadable' ? loaded.finding.message : 'not a notebook'}`);
  const root = findProjectRoot(path.dirname(file), undefined);
  const read = (rel: string) => {
    try {
      return fs.readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  const packageName = projectPackageName(read('pyproject.toml'), path.basename(root));
  if (typeof packageName !== 'string') throw new CheckError(`cannot export ${options.notebook}: ${packageName.refused}`);
  const notebookPath = path.relative(root, file).split(path.sep).join('/');
  const dirs = [root, path.dirname(file)];
  const plan = planExport({
    cells: loaded.notebook.cells, summarize: (s) => engine.summarize(s), statements: (s) => engine.statements(s), notebookPath, packageName, read,
    isLocal: (name) => dirs.some((d) => fs.existsSync(path.join(d, `${name}.py`)) || fs.existsSync(path.join(d, name, '__init__.py'))),
  });
  if ('refused' in plan) throw new CheckError(`cannot export ${options.notebook}: ${plan.refused}`);
  io.stdout.write(`Export of ${notebookPath} (project ${path.relative(io.cwd, root) || '.'}, package ${packageName})\n\n${previewText(plan)}`);
  if (options.dryRun) {
    io.stdout.write('\nDry run: nothing written.\n');
    return 0;
  }
  writeNotebook(file, plan);
  for (const f of plan.files) {
    const target = path.join(root, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.text);
  }
  io.stdout.write(`\nWrote ${plan.files.length} files and ${plan.cellEdits.length} cells.\n`);
  return 0;
}

/** New cell sources into the notebook's JSON, everything else (outputs, metadata) kept. */
function writeNotebook(file: string, plan: ExportPlan): void {
  const raw = fs.readFileSync(file, 'utf8');
  const nb = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw) as { cells?: { source: string | string[] }[] };
  if (!Array.isArray(nb.cells)) throw new CheckError(`${file}: only nbformat 4 notebooks can be rewritten`);
  for (const e of plan.cellEdits) nb.cells[e.cell].source = e.newText.split(/(?<=\n)/);
  const indent = /^\{\n( +)"/.exec(raw)?.[1].length ?? 1;
  fs.writeFileSync(file, `${JSON.stringify(nb, null, indent)}\n`);
}
