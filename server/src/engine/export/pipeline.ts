// "Create pipeline entry point": pipelines/<notebook>.py runs the notebook's
// extracted functions in document order, without the notebook. It is read off the
// notebook as it stands after extraction: setup cells (configuration, secrets from
// the environment) become the first lines of run(), each call of a function of the
// package becomes a logged step, displays and plots are left out and listed. When
// a step needs a value only a cell left in the notebook makes, there is no
// pipeline: the reason says which cell.
import * as path from 'node:path';
import type { CellSummary } from '../cellSummary';
import { GROWING_METHODS } from '../knowledge/idempotence';
import { codeOnly, importBindings } from '../fixes/extract';
import { pyString, valueCheck } from '../fixes/extractTest';
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { cellRole, importPathChanges, sectionsOf, SETUP_ASSIGNMENT } from './sections';

export const WRITTEN_BY = 'Written by nb2prod export';

export interface PipelineRequest {
  cells: readonly CellInput[];
  summarize: (source: string) => CellSummary;
  statements: (source: string) => Statement[];
  packageName: string;
  /** The notebook file's name (`train.ipynb`). */
  notebookName: string;
  /** Python name of the pipeline module (pipelines/<module>.py). */
  module: string;
  /** Stem of configs/<config>.toml. */
  config: string;
  /** What a call cell displays, by cell index: the name the notebook displayed there before the extraction. */
  displayedNames?: ReadonlyMap<number, string>;
  /** Why cells were left as they are (an extraction's refusal), by cell index. */
  keptReasons?: ReadonlyMap<number, string>;
  /** The notebook's folder, project-relative with `/` ('' at the root): its sys.path changes are relative to it. */
  notebookDir?: string;
}

/** A sys.path change of the notebook the pipeline repeats (a helper module only it finds). */
interface PathChange { cell: number; insert: boolean; folder: string }

export interface PipelineStep {
  cell: number;
  functionName: string;
  params: string[];
  /** Names bound by the call, `_` for the value the cell displayed. */
  targets: string[];
}

export interface PipelinePlan {
  steps: PipelineStep[];
  /** Cells left out of the pipeline, with the reason. */
  leftOut: { cell: number; why: string }[];
  secrets: string[];
  pipelineText: string;
  testText: string;
  /** Names whose value the generated test compares with what the notebook displayed. */
  checked: string[];
  /** Folders the notebook puts on sys.path, project-relative (`lib`, `..`): the pipeline puts them there too. */
  importPaths: string[];
}

const IDENT = /^[A-Za-z_]\w*$/;
const CALL = /^(?:([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*)?([A-Za-z_]\w*)\(([^()]*)\)$/;
const SECRET = /\bos\.(?:environ(?:\.get)?\s*[[(]|getenv\s*\()\s*["']([A-Za-z_]\w*)["']/g;

/** Methods that change their object in place: those a second run repeats (NB105's table), and those it does not. */
const IN_PLACE_METHOD = new RegExp(`(?<![\\w.])([A-Za-z_]\\w*)\\.(?:${[...Object.keys(GROWING_METHODS), 'update', 'clear', 'add', 'discard', 'setdefault', 'sort', 'reverse'].join('|')})\\s*\\(`, 'g');
const ITEM_OR_ATTRIBUTE_TARGET = /^([A-Za-z_]\w*)\s*(?:\.\w+|\[[^\]\n]*\])+\s*(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)?=(?!=)/;

/**
 * Names a cell's statements change in place, whether or not a second run repeats the change
 * (the summary's `mutate` holds only those that do): `df.sort_values(..., inplace=True)`,
 * `df.eval("c = a + b", inplace=True)`, `df["c"] = ...`, `items.sort()`, `del d["k"]`.
 */
function changedInPlace(statements: Statement[]): Set<string> {
  const names = new Set<string>();
  for (const st of statements) {
    const text = codeOnly(st.text).trim();
    const lead = /^(?:del\s+)?([A-Za-z_]\w*)\s*[.[]/.exec(text);
    if (lead && (/\binplace\s*=\s*True\b/.test(text) || /^del\s/.test(text))) names.add(lead[1]);
    const target = ITEM_OR_ATTRIBUTE_TARGET.exec(text);
    if (target) names.add(target[1]);
    for (const m of text.matchAll(IN_PLACE_METHOD)) names.add(m[1]);
  }
  return names;
}

/** The pipeline's steps, or why the notebook cannot run as one yet. */
export function planPipeline(req: PipelineRequest): PipelinePlan | { refused: string } {
  const fromPackage = new RegExp(`^from\\s+${req.packageName}(?:\\.\\w+)*\\s+import\\b`);
  const packageNames = new Map<string, string>(); // name -> its import statement
  const steps: PipelineStep[] = [];
  const leftOut: { cell: number; why: string }[] = [];
  const setupLines: string[] = [];
  const setupImports: string[] = [];
  const available = new Set<string>();
  /** Names bound by cells the pipeline leaves out, with the cell and why. */
  const missing = new Map<string, { cell: number; why: string; changes?: boolean }>();
  const sectionOf = new Map<number, string>();
  for (const s of sectionsOf(req.cells, req.notebookName.replace(/\.(ipynb|py)$/, ''))) for (const c of s.cells) sectionOf.set(c, s.title);
  const shownLater: { cell: number; name: string }[] = [];
  const pathChanges: PathChange[] = [];
  let refusal: string | undefined;

  req.cells.forEach((cell, i) => {
    if (cell.kind !== 'code') return;
    const summary = req.summarize(cell.source);
    const statements = req.statements(cell.source);
    const { role, why } = cellRole(cell, summary, statements);
    for (const st of statements) {
      if (st.kind === 'import' && fromPackage.test(st.text)) for (const n of importBindings(st.text)) packageNames.set(n, st.text.trim());
    }
    if (role === 'empty') return;
    if (role === 'setup' || role === 'display') {
      for (const st of statements) {
        const text = st.text.trim();
        if (!(st.kind === 'import' || SETUP_ASSIGNMENT.test(text))) continue;
        if (st.kind === 'import') {
          if (!fromPackage.test(text) && !/^from\s+nb_config\s+import\b/.test(text)) setupImports.push(text);
          for (const n of importBindings(text)) available.add(n);
          continue;
        }
        const name = /^([A-Za-z_]\w*)/.exec(text)![1];
        setupLines.push(/load_config\(/.test(text) ? `${name} = config` : text);
        available.add(name);
        missing.delete(name);
      }
      if (role === 'display' || summary.magics.length) {
        leftOut.push({ cell: i, why: why! });
        const last = statements.at(-1)?.text.trim();
        if (last && IDENT.test(last) && cell.result !== undefined) shownLater.push({ cell: i, name: last });
      }
      return;
    }
    // A cell that only puts folders on sys.path stays in the notebook; the pipeline makes the same change before its imports.
    const changes = role === 'kept' ? importPathChanges(statements) : undefined;
    for (const change of changes ?? []) pathChanges.push({ cell: i, ...change });
    if (refusal) return;
    const step = stepOf(statements, packageNames);
    if (!step) {
      const reason = `${req.keptReasons?.get(i) ?? why ?? 'code that was not extracted'}${changes ? '; the pipeline makes the same change before its imports' : ''}`;
      leftOut.push({ cell: i, why: reason });
      // A kept cell that rebinds or changes a name the steps made: later steps would read the value from before it.
      const changed = changedInPlace(statements);
      for (const e of summary.events) if (e.kind === 'mutate') changed.add(e.name);
      for (const e of summary.events) if (e.kind === 'def' || e.kind === 'unknown') changed.delete(e.kind === 'unknown' ? '*' : e.name);
      for (const e of summary.events) {
        if (e.kind !== 'def' && e.kind !== 'unknown') continue;
        const name = e.kind === 'unknown' ? '*' : e.name;
        missing.set(name, { cell: i, why: reason });
        available.delete(name);
      }
      for (const name of changed) {
        missing.set(name, { cell: i, why: reason, changes: true });
        available.delete(name);
      }
      return;
    }
    // A call whose value the cell displays: the pipeline keeps that value under the name the notebook showed.
    if (step.targets.length === 0 && statements.at(-1)?.text.trim().startsWith(`${step.functionName}(`) && (cell.result !== undefined || req.displayedNames?.has(i))) {
      step.targets = [req.displayedNames?.get(i) ?? `${step.functionName}_result`];
      if (cell.result !== undefined) shownLater.push({ cell: i, name: step.targets[0] });
    }
    for (const p of step.params) {
      if (available.has(p)) continue;
      const from = missing.get(p) ?? missing.get('*');
      refusal = from
        ? `\`${step.functionName}\` (cell ${i + 1}) reads \`${p}\`, which cell ${from.cell + 1} ${from.changes ? 'changes' : 'makes'} and which stays in the notebook (${from.why}); extract that cell first`
        : `\`${step.functionName}\` (cell ${i + 1}) reads \`${p}\`, which no step or configuration of the pipeline makes`;
      return;
    }
    steps.push({ ...step, cell: i });
    for (const t of step.targets) if (t !== '_') {
      available.add(t);
      missing.delete(t);
    }
    const shown = statements.at(-1)?.text.trim();
    if (shown && shown !== '_shown' && step.targets.includes(shown) && cell.result !== undefined) shownLater.push({ cell: i, name: shown });
  });
  if (refusal) return { refused: refusal };
  if (steps.length === 0) return { refused: `no cell of ${req.notebookName} calls a function of ${req.packageName}: run "Extract notebook to project" first` };

  const secrets = [...new Set(req.cells.flatMap((c) => (c.kind === 'code' ? [...c.source.matchAll(SECRET)].map((m) => m[1]) : [])))];
  const results = [...new Set(steps.flatMap((s) => s.targets.filter((t) => t !== '_')))];
  const imports = [...new Set([
    ...setupImports.filter((t) => importBindings(t).some((n) => setupLines.some((l) => new RegExp(`\\b${n}\\b`).test(l)))),
    ...[...new Set(steps.map((s) => packageNames.get(s.functionName)!))],
  ])];
  const pipelineText = pipelineSource(req, steps, setupLines, imports, results, secrets, leftOut, sectionOf, pathChanges);

  // The test: run() on the configuration, and the values the notebook displayed, where each was final.
  const bindings = (name: string) => steps.filter((s) => s.targets.includes(name));
  const checks: string[] = [];
  const checkImports: string[] = [];
  const checked: string[] = [];
  const formatted = req.cells.some((c) => c.kind === 'code' && (/^\s*%precision\b/m.test(c.source) || /\b(?:set_printoptions|set_option)\s*\(/.test(c.source)));
  for (const { cell, name } of shownLater) {
    const binders = bindings(name);
    if (binders.length !== 1 || binders[0].cell > cell || checked.includes(name)) continue;
    // `%precision`, `np.set_printoptions`, `pd.set_option`: the notebook showed numbers its own way.
    const text = req.cells[cell].result!.trim();
    const check = !formatted ? valueCheck(`result[${pyString(name)}]`, text)
      : /^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/.test(text) ? { imports: ['import pytest'], lines: [`assert result[${pyString(name)}] == pytest.approx(${text})`] } : undefined;
    if (!check) continue;
    checked.push(name);
    checkImports.push(...check.imports);
    checks.push(`# As cell ${cell + 1} of ${req.notebookName} displayed it.`, ...check.lines);
  }
  const testImports = [...new Set(checkImports)];
  const testText = `"""The ${req.module} pipeline runs end to end on its configuration. ${WRITTEN_BY}."""
${testImports.length ? `${testImports.join('\n')}\n` : ''}from pathlib import Path

from pipelines.${req.module} import load_config, run

CONFIG_FILE = Path(__file__).resolve().parents[1] / "configs" / "${req.config}.toml"


def test_run_produces_what_the_notebook_produced():
    result = run(load_config(CONFIG_FILE))
    assert set(result) == {${results.map(pyString).join(', ')}}
${checks.map((l) => `    ${l}`).join('\n')}
`;
  const importPaths = [...new Set(pathChanges.map((c) => path.posix.normalize(path.posix.join(req.notebookDir ?? '', c.folder))))];
  return { steps, leftOut, secrets, pipelineText, testText, checked, importPaths };
}

export function stepOf(statements: Statement[], packageNames: Map<string, string>): Omit<PipelineStep, 'cell'> | undefined {
  const rest = statements.filter((s) => s.kind !== 'import');
  const call = rest[0] && CALL.exec(rest[0].text.trim());
  if (!call || !packageNames.has(call[2])) return undefined;
  const params = call[3].split(',').map((a) => a.trim()).filter(Boolean);
  if (!params.every((p) => IDENT.test(p))) return undefined;
  // After the call, only the displayed name may follow.
  if (rest.length > 2 || (rest[1] && !IDENT.test(rest[1].text.trim()))) return undefined;
  const targets = (call[1] ?? '').split(',').map((t) => t.trim()).filter(Boolean).map((t) => (t === '_shown' ? '_' : t));
  return { functionName: call[2], params, targets };
}

function pipelineSource(
  req: PipelineRequest, steps: PipelineStep[], setupLines: string[], imports: string[], results: string[], secrets: string[],
  leftOut: { cell: number; why: string }[], sectionOf: Map<number, string>, pathChanges: PathChange[],
): string {
  const folder = (req.notebookDir ?? '').split('/').filter(Boolean).map((p) => ` / ${pyString(p)}`).join('');
  const cells = [...new Set(pathChanges.map((c) => c.cell + 1))];
  const pathLines = pathChanges.length === 0 ? '' : `# The notebook puts folders on sys.path (cell${cells.length > 1 ? 's' : ''} ${cells.join(', ')}) to import its helpers: the same folders,
# relative to the notebook's folder, before the imports below.
_NOTEBOOK_DIR = Path(__file__).resolve().parents[1]${folder}
${pathChanges.map((c) => `sys.path.${c.insert ? 'insert(0, ' : 'append('}str((_NOTEBOOK_DIR / ${pyString(c.folder)}).resolve()))`).join('\n')}

`;
  const n = steps.length;
  const body: string[] = [];
  body.push(...setupLines);
  steps.forEach((s, k) => {
    const label = `step ${k + 1}/${n} ${s.functionName}`;
    const inputs = s.params.map((p) => `${p}=%s`).join(', ');
    body.push(`_log.info(${pyString(`${label}(${inputs})`)}${s.params.map((p) => `, _describe(${p})`).join('')})`);
    const call = `${s.functionName}(${s.params.join(', ')})`;
    body.push(s.targets.length ? `${s.targets.join(', ')} = ${call}` : call);
    const outs = s.targets.filter((t) => t !== '_');
    if (outs.length) body.push(`_log.info(${pyString(`${label} -> ${outs.map((t) => `${t}=%s`).join(', ')}`)}${outs.map((t) => `, _describe(${t})`).join('')})`);
  });
  body.push(`return {${results.map((r) => `${pyString(r)}: ${r}`).join(', ')}}`);
  const left = leftOut.map((l) => `- cell ${l.cell + 1}${sectionOf.get(l.cell)?.startsWith('(') ? '' : ` (${sectionOf.get(l.cell)})`}: ${l.why}`);
  return `"""The ${req.notebookName} notebook as a pipeline: its steps, in the notebook's order. ${WRITTEN_BY}.

Each step is a function of the ${req.packageName} package (extracted from the notebook and
tested under tests/); configuration comes from configs/${req.config}.toml.

    python -m pipelines.${req.module} --config configs/${req.config}.toml
${left.length ? `\nLeft out (they stay in the notebook):\n${left.join('\n')}\n` : ''}${secrets.length ? `\nSecrets, read from the environment: ${secrets.join(', ')}.\n` : ''}"""
from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Dict

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

${pathLines}${imports.join('\n')}

Config = Dict[str, Any]
DEFAULT_CONFIG = Path("configs") / "${req.config}.toml"
PACKAGE = "${req.packageName}"
_log = logging.getLogger("pipelines.${req.module}")


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """The configuration table of a TOML file."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _config_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _package_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "not installed"


def _describe(value: Any) -> str:
    """A short, loggable description: the shape of arrays and frames, the repr of small values."""
    shape = getattr(value, "shape", None)
    # A class (np.ndarray itself) has a shape descriptor, not a shape; some objects have a shape of their own kind.
    if shape is not None and not callable(shape) and not isinstance(value, type):
        try:
            return f"{type(value).__name__} shape={tuple(shape)}"
        except TypeError:
            pass
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        text = repr(value)
        return text if len(text) <= 200 else text[:197] + "..."
    if isinstance(value, (list, tuple, dict, set)) and len(repr(value)) <= 200:
        return repr(value)
    try:
        return f"{type(value).__name__} len={len(value)}"
    except TypeError:
        return type(value).__name__


def run(config: Config) -> dict:
    """Run the steps of ${req.notebookName} in order; returns the values they make."""
${body.map((l) => l.split('\n').map((x) => `    ${x}`).join('\n')).join('\n')}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="${req.module}", description="Run the ${req.notebookName} pipeline.")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="TOML configuration (default: %(default)s)")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default: %(default)s")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _log.info("config %s sha256=%s; package %s version %s", args.config, _config_hash(args.config), PACKAGE, _package_version())
    result = run(load_config(args.config))
    for name, value in result.items():
        print(f"{name} = {_describe(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
}
