// "Serve a function": an extracted function (a `def` in a project module) becomes
// app/main.py, a FastAPI endpoint with pydantic request and response models built
// from the function's annotations, a timeout, the model/prompt/config/code versions
// in every response and in one JSON log line per request, and /health; plus
// tests/test_app.py with FastAPI's TestClient, fastapi and uvicorn declared, the
// version variables in .env.example. Types that cannot cross JSON are refused with
// the reason, or converted where the conversion is standard (a DataFrame travels as
// records). The glue (LSP, CLI) applies the returned file operations.
import type { CellSummary } from '../cellSummary';
import { closing, splitArguments } from '../evals/split';
import { pyprojectInsertion, requirementsAddition } from '../fixes/declareDependency';
import { assignedValue, codeOnly, isLiteralSource, toIdentifier, type ExtractRequest } from '../fixes/extract';
import { envExampleAddition } from '../fixes/secretToEnv';
import { aliases } from '../knowledge/annotations';
import { MODEL_FAMILIES } from '../knowledge/modelIds';
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { appSource, testSource, TYPING_NAMES, writtenByUs, type Field, type Served } from './serveTemplates';
import { parseSignature, type Signature } from './serveSignature';

/** One change to a project file (paths relative to the project root, '/' separated). */
export type FileOp =
  | { file: string; kind: 'write'; text: string }
  | { file: string; kind: 'insert'; offset: number; text: string }
  | { file: string; kind: 'append'; text: string };

export interface ServeRequest {
  /** The module's project-relative path: `src/churn/scoring.py`. */
  modulePath: string;
  moduleText: string;
  functionName: string;
  statements: (source: string) => Statement[];
  /** Current text of a project file, undefined when it does not exist. */
  read: (rel: string) => string | undefined;
  /** Python source of example arguments by parameter name (from the notebook's call), for the generated test. */
  examples?: Record<string, string>;
  /** Project name, for a pyproject.toml written from scratch. */
  projectName: string;
}

export interface ServePlan {
  ops: FileOp[];
  endpoint: string;
  /** What the request carries, what was left out or converted, and why. */
  notes: string[];
  /** The generated test calls the endpoint with example values (false: it asks for them and fails until given). */
  testComplete: boolean;
}

export type ServeResult = ServePlan | { refused: string };

export const APP_FILE = 'app/main.py';
export const APP_TEST_FILE = 'tests/test_app.py';
/** What the generated app and test import: FastAPI 0.100 on (pydantic 2), pydantic itself, uvicorn to run it, TestClient's httpx. */
export const SERVE_DEPENDENCIES = ['fastapi>=0.100', 'pydantic>=2', 'uvicorn>=0.20', 'httpx>=0.24'];
export const VERSION_VARIABLES = ['MODEL_VERSION', 'PROMPT_VERSION', 'CONFIG_VERSION', 'NB2PROD_TIMEOUT_SECONDS'];

/** Names of BaseModel attributes a request field must not shadow: such a field is named `<name>_` with the parameter's name as its alias. */
const PYDANTIC_ATTRIBUTES = new Set(['json', 'dict', 'copy', 'schema', 'schema_json', 'construct', 'validate', 'parse_obj', 'parse_raw', 'parse_file', 'from_orm', 'update_forward_refs', 'fields', 'model_config', 'model_fields', 'model_dump', 'model_validate', 'model_copy', 'model_construct']);
/** Identifiers a JSON-safe annotation may contain. */
const JSON_NAMES = new Set(['int', 'float', 'str', 'bool', 'None', 'list', 'dict', 'tuple', 'set', 'frozenset', 'Any', 'Optional', 'Union', 'List', 'Dict', 'Tuple', 'Set', 'FrozenSet', 'Literal', 'Sequence', 'Mapping', 'typing']);

type Shape =
  | { kind: 'plain'; type: string }
  | { kind: 'frame' | 'series' | 'array' }
  | { kind: 'none' }
  | { kind: 'foreign'; type: string };

/** What an annotation means on the wire. */
function shapeOf(annotation: string | undefined, names: Map<string, string>): Shape {
  if (annotation === undefined) return { kind: 'none' };
  const a = annotation.replace(/^(['"])(.*)\1$/, '$2').trim();
  const target = (ref: string) => {
    const [head, ...rest] = ref.split('.');
    const base = names.get(head);
    return base ? [base, ...rest].join('.') : ref;
  };
  const whole = target(a);
  if (whole === 'pandas.DataFrame' || whole === 'pandas.core.frame.DataFrame') return { kind: 'frame' };
  if (whole === 'pandas.Series') return { kind: 'series' };
  if (whole === 'numpy.ndarray' || /^numpy\.typing\.NDArray\b/.test(whole)) return { kind: 'array' };
  const identifiers = a.replace(/(['"])(?:\\.|(?!\1).)*\1/g, '').match(/[A-Za-z_][\w.]*/g) ?? [];
  const plain = identifiers.every((id) => JSON_NAMES.has(id) || (id.startsWith('typing.') && TYPING_NAMES.includes(id.slice(7))));
  return plain ? { kind: 'plain', type: a.replace(/\btyping\./g, '') } : { kind: 'foreign', type: a };
}

/** The wire type of a shape in the generated app. */
function wireType(shape: Shape): string {
  switch (shape.kind) {
    case 'plain': return shape.type;
    case 'frame': return 'List[Dict[str, Any]]';
    case 'series':
    case 'array': return 'List[Any]';
    default: return 'Any';
  }
}

/** A model id the module states as a literal (a parameter default or a module constant): the model version. */
function statedModelId(moduleText: string, signature: Signature): string | undefined {
  const candidates = [
    ...signature.params.filter((p) => /model/i.test(p.name)).map((p) => p.defaultSource ?? ''),
    ...[...moduleText.matchAll(/^[A-Z_]*MODEL\w*\s*(?::\s*str\s*)?=\s*(["'][^"'\n]+["'])\s*$/gm)].map((m) => m[1]),
  ];
  for (const c of candidates) {
    const id = /^["']([^"'\n]+)["']$/.exec(c.trim())?.[1];
    const bare = id?.split('/').pop()?.replace(/^(?:us|eu)\.\w+\./, '');
    if (id && bare && MODEL_FAMILIES.some((f) => f.pattern.test(bare))) return id;
  }
  return undefined;
}

/** `src/churn/scoring.py` → `churn.scoring`. */
export function moduleImportName(modulePath: string): string {
  return modulePath.replace(/^src\//, '').replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/** Public top-level functions of a module: what can be served. */
export function servableFunctions(moduleText: string, statements: (source: string) => Statement[]): string[] {
  return statements(moduleText).filter((s) => s.kind === 'def' && s.name && !s.name.startsWith('_') && parseSignature(s.text)).map((s) => s.name!);
}

export function planServe(req: ServeRequest): ServeResult {
  const def = req.statements(req.moduleText).find((s) => s.kind === 'def' && s.name === req.functionName);
  if (!def) return { refused: `${req.modulePath} defines no top-level \`${req.functionName}\`` };
  const signature = parseSignature(def.text);
  if (!signature) return { refused: `\`${req.functionName}\` is a class, not a function` };
  for (const file of [APP_FILE, APP_TEST_FILE]) {
    const existing = req.read(file);
    if (existing !== undefined && !writtenByUs(existing)) return { refused: `${file} exists and nb2prod did not write it (or it was edited since); move it away first` };
  }
  const moduleImports = req.statements(req.moduleText).filter((s) => s.kind === 'import').map((s) => s.text);
  const names = aliases(moduleImports);
  const notes: string[] = [];
  const fields: Field[] = [];
  const missingExamples: string[] = [];
  for (const p of signature.params) {
    if (p.variadic) {
      notes.push(`\`${p.name}\` (*args/**kwargs) is not part of the request.`);
      continue;
    }
    const shape = shapeOf(p.annotation, names);
    if (shape.kind === 'foreign') {
      if (p.defaultSource === undefined) return { refused: `parameter \`${p.name}: ${shape.type}\` cannot come in a JSON request; give it a default (the loaded object) or serve a function that builds it` };
      notes.push(`\`${p.name}: ${shape.type}\` cannot come in JSON: the function's default is used.`);
      continue;
    }
    if (shape.kind === 'none') notes.push(`\`${p.name}\` has no annotation: the request accepts any JSON value for it.`);
    if (shape.kind === 'frame') notes.push(`\`${p.name}\` (DataFrame) comes as a list of records (one object per row).`);
    const literalDefault = p.defaultSource !== undefined && isLiteralSource(p.defaultSource) ? p.defaultSource : undefined;
    if (p.defaultSource !== undefined && literalDefault === undefined) notes.push(`\`${p.name}\` is optional: left out, the function's default (${p.defaultSource}) applies.`);
    const example = req.examples?.[p.name];
    if (example === undefined && p.defaultSource === undefined) missingExamples.push(p.name);
    fields.push({ name: p.name, type: wireType(shape), kind: shape.kind, required: p.defaultSource === undefined, defaultSource: literalDefault, example, aliased: PYDANTIC_ATTRIBUTES.has(p.name) || undefined });
  }
  const returnShape = shapeOf(signature.returns, names);
  if (returnShape.kind === 'foreign') {
    return { refused: `\`${req.functionName}\` returns \`${returnShape.type}\`, which cannot cross JSON; serve a function that returns plain values, a DataFrame or an array` };
  }
  if (returnShape.kind === 'none') notes.push('The return value has no annotation: it is converted to JSON as it comes (frames as records, arrays as lists).');
  if (returnShape.kind === 'frame') notes.push('The returned DataFrame goes out as a list of records.');

  const modelId = statedModelId(req.moduleText, signature);
  const served: Served = {
    functionName: req.functionName, isAsync: signature.isAsync, module: moduleImportName(req.modulePath), modulePath: req.modulePath,
    fields, resultType: returnShape.kind === 'none' && signature.returns === undefined ? 'Any' : wireType(returnShape),
    className: toClassName(req.functionName), modelId, packageName: moduleImportName(req.modulePath).split('.')[0], notes,
  };
  const ops: FileOp[] = [
    { file: APP_FILE, kind: 'write', text: appSource(served) },
    { file: APP_TEST_FILE, kind: 'write', text: testSource(served, missingExamples) },
  ];
  if (req.read('app/__init__.py') === undefined) ops.push({ file: 'app/__init__.py', kind: 'write', text: '"""The served endpoints of this project (written by nb2prod serve-function)."""\n' });
  ops.push(...dependencyOps(req));
  let env = req.read('.env.example');
  let envText = '';
  for (const variable of VERSION_VARIABLES) {
    const add = envExampleAddition(env, variable);
    envText += add;
    env = (env ?? '') + add;
  }
  if (envText) ops.push({ file: '.env.example', kind: 'append', text: envText });
  return { ops, endpoint: `/${req.functionName}`, notes, testComplete: missingExamples.length === 0 };
}

const PYTEST_SECTION = '[tool.pytest.ini_options]\npythonpath = ["src", "."]\n';

/** fastapi and uvicorn where the project declares dependencies; pytest finds src/ and app/. */
function dependencyOps(req: ServeRequest): FileOp[] {
  const ops: FileOp[] = [];
  const requirements = req.read('requirements.txt');
  const pyproject = req.read('pyproject.toml');
  const insertion = requirements === undefined && pyproject !== undefined ? pyprojectInsertion(pyproject, SERVE_DEPENDENCIES) : undefined;
  if (pyproject === undefined && requirements === undefined) {
    const name = toIdentifier(req.projectName, 'project');
    return [{ file: 'pyproject.toml', kind: 'write', text: `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = [${SERVE_DEPENDENCIES.map((d) => JSON.stringify(d)).join(', ')}]\n\n${PYTEST_SECTION}` }];
  }
  if (insertion) {
    if (insertion.text) ops.push({ file: 'pyproject.toml', kind: 'insert', offset: insertion.offset, text: insertion.text });
  } else {
    const add = requirementsAddition(requirements, SERVE_DEPENDENCIES);
    if (add) ops.push({ file: 'requirements.txt', kind: 'append', text: add });
  }
  if (pyproject === undefined) {
    ops.push({ file: 'pyproject.toml', kind: 'write', text: PYTEST_SECTION });
  } else {
    const section = /^\[tool\.pytest\.ini_options\][ \t]*\n/m.exec(pyproject);
    if (!section) ops.push({ file: 'pyproject.toml', kind: 'append', text: `${pyproject.endsWith('\n') ? '' : '\n'}\n${PYTEST_SECTION}` });
    else {
      const body = pyproject.slice(section.index + section[0].length).split(/^\[/m)[0];
      if (!/^pythonpath\s*=/m.test(body)) ops.push({ file: 'pyproject.toml', kind: 'insert', offset: section.index + section[0].length, text: 'pythonpath = ["src", "."]\n' });
    }
  }
  return ops;
}

function toClassName(name: string): string {
  return name.split('_').filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('') || 'Served';
}

/** Apply file operations to texts (the CLI's way; the server turns them into one WorkspaceEdit). */
export function applyOps(ops: readonly FileOp[], read: (rel: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const files = [...new Set(ops.map((o) => o.file))];
  for (const file of files) {
    const mine = ops.filter((o) => o.file === file);
    const write = mine.find((o) => o.kind === 'write');
    let text = write ? write.text : read(file) ?? '';
    // Inserts refer to offsets of the original text: apply them from the end.
    const inserts = mine.filter((o): o is Extract<FileOp, { kind: 'insert' }> => o.kind === 'insert').sort((a, b) => b.offset - a.offset);
    for (const o of inserts) text = text.slice(0, o.offset) + o.text + text.slice(o.offset);
    for (const o of mine) if (o.kind === 'append') text += o.text;
    out.set(file, text);
  }
  return out;
}

/** A project function a notebook imports and calls: what "Serve a function" offers on the call. */
export interface NotebookServable {
  functionName: string;
  modulePath: string;
  /** The cell with the first call. */
  cell: number;
  /** Literal arguments of that call (or literal values of the names passed), by parameter name. */
  examples: Record<string, string>;
}

/**
 * Functions of project modules (`src/<package>/<module>.py` or `<package>/<module>.py`) that the
 * notebook imports with `from <package>.<module> import name` and calls.
 */
export function notebookServables(
  cells: readonly CellInput[], statements: (source: string) => Statement[], summarize: (source: string) => CellSummary, read: (rel: string) => string | undefined,
): NotebookServable[] {
  const imported = new Map<string, { modulePath: string; moduleText: string }>();
  const out: NotebookServable[] = [];
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    for (const st of statements(cell.source)) {
      const from = /^from\s+([\w.]+)\s+import\s+\(?([^)]*)\)?\s*$/s.exec(st.text);
      if (st.kind !== 'import' || !from) continue;
      const dotted = from[1].replace(/^src\./, '').split('.').join('/');
      const modulePath = [`src/${dotted}.py`, `${dotted}.py`].find((p) => read(p) !== undefined);
      if (!modulePath) continue;
      const moduleText = read(modulePath)!;
      const servable = new Set(servableFunctions(moduleText, statements));
      for (const part of from[2].split(',')) {
        const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (m && servable.has(m[1]) && !m[2]) imported.set(m[1], { modulePath, moduleText });
      }
    }
    const code = codeOnly(cell.source);
    for (const [name, where] of imported) {
      if (out.some((s) => s.functionName === name)) continue;
      const call = new RegExp(`(?<![\\w.])${name}\\s*\\(`).exec(code);
      if (!call) continue;
      const def = statements(where.moduleText).find((s) => s.kind === 'def' && s.name === name);
      const signature = def ? parseSignature(def.text) : undefined;
      const open = call.index + call[0].length - 1;
      const end = closing(cell.source, open);
      const examples: Record<string, string> = {};
      if (signature && end > 0) {
        const positional = signature.params.filter((p) => !p.variadic);
        const lookup = { cells, statements, summarize } as unknown as ExtractRequest;
        splitArguments(cell.source.slice(open + 1, end - 1)).forEach((arg, i) => {
          const keyword = /^(\w+)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
          const param = keyword ? keyword[1] : positional[i]?.name;
          const value = keyword ? keyword[2].trim() : arg;
          if (!param || arg.startsWith('*')) return;
          const literal = isLiteralSource(value) ? value : /^[A-Za-z_]\w*$/.test(value) ? assignedValue(lookup, value, index) : undefined;
          if (literal !== undefined && isLiteralSource(literal) && !/^\{[^:]*\}$/s.test(literal.trim())) examples[param] = literal;
        });
      }
      out.push({ functionName: name, modulePath: where.modulePath, cell: index, examples });
    }
  });
  return out;
}

export interface ServeTarget {
  modulePath: string;
  moduleText: string;
  functionName: string;
  examples: Record<string, string>;
}

/**
 * What to serve, from a notebook (a function of a project module it imports and calls)
 * or from a module (one of its public functions). Without a function name, the only
 * candidate; with several, the refusal lists them.
 */
export function resolveServeTarget(
  source: { cells: readonly CellInput[] } | { modulePath: string; moduleText: string },
  functionName: string | undefined,
  engine: { statements: (source: string) => Statement[]; summarize: (source: string) => CellSummary },
  read: (rel: string) => string | undefined,
): ServeTarget | { refused: string; candidates?: string[] } {
  const choose = <T extends { functionName: string }>(found: T[], where: string, none: string): T | { refused: string; candidates?: string[] } => {
    const names = found.map((f) => f.functionName);
    if (found.length === 0) return { refused: none };
    if (functionName) return found.find((f) => f.functionName === functionName) ?? { refused: `${where} has no servable \`${functionName}\` (it has ${names.map((n) => `\`${n}\``).join(', ')})`, candidates: names };
    return found.length === 1 ? found[0] : { refused: `choose the function to serve: ${names.join(', ')}`, candidates: names };
  };
  const statements = (text: string) => engine.statements(text);
  const summarize = (text: string) => engine.summarize(text);
  if ('cells' in source) {
    const found = choose(notebookServables(source.cells, statements, summarize, read), 'the notebook',
      'the notebook calls no function of a project module (src/<package>/<module>.py); extract cells to a module first');
    if ('refused' in found) return found;
    return { modulePath: found.modulePath, moduleText: read(found.modulePath)!, functionName: found.functionName, examples: found.examples };
  }
  const found = choose(servableFunctions(source.moduleText, statements).map((n) => ({ functionName: n })), source.modulePath, `${source.modulePath} defines no public function to serve`);
  if ('refused' in found) return found;
  return { modulePath: source.modulePath, moduleText: source.moduleText, functionName: found.functionName, examples: {} };
}
