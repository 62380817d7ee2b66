// `nb2prod serve-function NOTEBOOK_OR_MODULE FUNCTION`: write app/main.py (a FastAPI
// endpoint for the function), tests/test_app.py and the dependencies, as the editor's
// "Serve function" does. Refuses (exit 2, with the reason) rather than overwrite a file
// nb2prod did not write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../engine/analyze';
import { applyOps, planServe, resolveServeTarget } from '../engine/export/serve';
import { loadFile } from '../engine/files';
import { findProjectRoot } from '../engine/projectConfig';
import { CheckError } from './check';
import type { Io } from './checkCommand';

export interface ServeFunctionOptions {
  command: 'serve-function';
  target: string;
  functionName?: string;
}

export function serveFunctionCommand(engine: Engine, options: ServeFunctionOptions, io: Io): number {
  const file = path.resolve(io.cwd, options.target);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CheckError(`${options.target}: no such notebook or module`);
  const root = findProjectRoot(path.dirname(file));
  const read = (rel: string) => {
    try {
      return fs.readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  const loaded = loadFile(file);
  if (loaded.kind === 'unreadable') throw new CheckError(`${options.target}: ${loaded.finding.message}`);
  const rel = path.relative(root, file).split(path.sep).join('/');
  const source = loaded.kind === 'module' ? { modulePath: rel, moduleText: fs.readFileSync(file, 'utf8') } : { cells: loaded.notebook.cells };
  const target = resolveServeTarget(source, options.functionName, engine, read);
  if ('refused' in target) throw new CheckError(`cannot serve: ${target.refused}`);
  const plan = planServe({ ...target, statements: (s) => engine.statements(s), read, projectName: path.basename(root) });
  if ('refused' in plan) throw new CheckError(`cannot serve ${target.functionName}: ${plan.refused}`);
  const existed = new Set(plan.ops.map((o) => o.file).filter((f) => read(f) !== undefined));
  for (const [rel, text] of applyOps(plan.ops, read)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  const where = path.relative(io.cwd, root) || '.';
  io.stdout.write([
    `Served ${target.functionName} (${target.modulePath}) at POST ${plan.endpoint} in ${where}:`,
    ...[...new Set(plan.ops.map((o) => o.file))].map((f) => `  ${existed.has(f) ? 'updated' : 'wrote'} ${f}`),
    ...plan.notes.map((n) => `  note: ${n}`),
    ...(plan.testComplete ? [] : ['  note: tests/test_app.py needs an EXAMPLE request (no example values were found); it fails until you write one.']),
    `Run: cd ${where} && uvicorn app.main:app --port 8000   (test: pytest tests/test_app.py)`,
    '',
  ].join('\n'));
  return 0;
}
