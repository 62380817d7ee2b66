// The edits behind "Ignore NBxxx …": a pragma on a line or a cell, a code added to
// pyproject.toml's ignore list. Each result is parsed back, never compared with
// what the code under test computed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { planCellPragma, planLinePragma, planPyprojectIgnore, type LineEdit } from '../../server/src/engine/fixes/ignoreCode';
import { cellSuppressions, isSuppressed } from '../../server/src/engine/suppress';
import type { Finding } from '../../server/src/engine/types';

function apply(source: string, edit: LineEdit): string {
  const lines = source.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return source.slice(0, offset(edit.range.start)) + edit.newText + source.slice(offset(edit.range.end));
}

const finding = (code: string, line: number): Finding => ({ code, severity: 'warning', message: '', cell: 0, range: { start: { line, character: 0 }, end: { line, character: 1 } }, related: [] });
const silenced = (source: string, code: string, line: number) => isSuppressed(finding(code, line), cellSuppressions(source));

describe('Ignore on this line', () => {
  it('appends a pragma, or adds the code to the line\'s pragma; silences that line only', () => {
    const source = 'x = 1\nprint(y)\nprint(y)';
    const once = apply(source, planLinePragma(source, 1, 'NB102')!);
    assert.equal(once.split('\n')[1], 'print(y)  # nb2prod: ignore[NB102]');
    assert.ok(silenced(once, 'NB102', 1) && !silenced(once, 'NB102', 2) && !silenced(once, 'NB101', 1));
    const twice = apply(once, planLinePragma(once, 1, 'NB101')!);
    assert.equal(twice.split('\n')[1], 'print(y)  # nb2prod: ignore[NB102, NB101]');
    assert.equal(planLinePragma(twice, 1, 'NB101'), undefined, 'already ignored');
  });

  it('works on the first line without silencing the cell', () => {
    const source = 'print(y)\nprint(y)';
    const edited = apply(source, planLinePragma(source, 0, 'NB102')!);
    assert.ok(silenced(edited, 'NB102', 0) && !silenced(edited, 'NB102', 1));
  });

  it('is not offered where a comment would change the code: a line magic, a continued line, inside a multi-line string', () => {
    assert.equal(planLinePragma('%pip install pandas', 0, 'NB107'), undefined);
    assert.equal(planLinePragma('x = 1 + \\\n    2', 0, 'NB105'), undefined);
    assert.equal(planLinePragma('s = """\nkey = abc\n"""', 1, 'NB203'), undefined);
    assert.equal(planLinePragma('s = """first\nline"""', 0, 'NB203'), undefined);
  });
});

describe('Ignore for this cell', () => {
  it('writes a comment line of its own at the top, below a cell magic, or extends the one there', () => {
    const source = 'print(a)\nprint(b)';
    const edited = apply(source, planCellPragma(source, 'NB102')!);
    assert.equal(edited, '# nb2prod: ignore-cell[NB102]\nprint(a)\nprint(b)');
    assert.ok(silenced(edited, 'NB102', 1) && silenced(edited, 'NB102', 2) && !silenced(edited, 'NB101', 2));
    const more = apply(edited, planCellPragma(edited, 'NB101')!);
    assert.equal(more.split('\n')[0], '# nb2prod: ignore-cell[NB102, NB101]');
    const magic = '%%time\nprint(a)';
    assert.equal(apply(magic, planCellPragma(magic, 'NB102')!), '%%time\n# nb2prod: ignore-cell[NB102]\nprint(a)');
  });
});

describe('Ignore in pyproject.toml', () => {
  const ignored = (text: string | undefined, code: string) => {
    const plan = planPyprojectIgnore(text, code);
    assert.ok(plan, `no plan for ${JSON.stringify(text)}`);
    const result = text === undefined ? plan.text : text.slice(0, plan.offset) + plan.text + text.slice(plan.offset);
    return { result, doc: parseToml(result) as { project?: unknown; tool?: { nb2prod?: Record<string, unknown> } } };
  };

  it('creates the file, or the table, or the key, keeping everything else', () => {
    assert.deepEqual(ignored(undefined, 'NB402').doc.tool?.nb2prod?.ignore, ['NB402']);
    const project = '[project]\nname = "x"\ndependencies = ["pandas"]\n';
    const withTable = ignored(project, 'NB402');
    assert.ok(withTable.result.startsWith(project));
    assert.deepEqual(withTable.doc.tool?.nb2prod?.ignore, ['NB402']);
    const noKey = ignored('[tool.nb2prod]\nselect = ["NB"]\n\n[tool.other]\nx = 1', 'NB304');
    assert.deepEqual({ ...noKey.doc.tool?.nb2prod }, { select: ['NB'], ignore: ['NB304'] });
    assert.deepEqual(ignored('[tool.nb2prod]', 'NB304').doc.tool?.nb2prod?.ignore, ['NB304']);
  });

  it('adds to an existing list, one line or many, with or without a trailing comma', () => {
    assert.deepEqual(ignored('[tool.nb2prod]\nignore = ["NB108"]\n', 'NB402').doc.tool?.nb2prod?.ignore, ['NB108', 'NB402']);
    assert.deepEqual(ignored('[tool.nb2prod]\nignore = []\n', 'NB402').doc.tool?.nb2prod?.ignore, ['NB402']);
    assert.deepEqual(ignored('[tool.nb2prod]\nignore = [\n    "NB108",  # noisy\n]\n', 'NB402').doc.tool?.nb2prod?.ignore, ['NB108', 'NB402']);
    assert.deepEqual(ignored('[tool.nb2prod]\nignore = [\n    "NB108"\n]\n', 'NB402').doc.tool?.nb2prod?.ignore, ['NB108', 'NB402']);
  });

  it('offers nothing when the code is ignored already, the file is broken, or the table is written in a form it does not edit', () => {
    assert.equal(planPyprojectIgnore('[tool.nb2prod]\nignore = ["NB402"]\n', 'NB402'), undefined);
    assert.equal(planPyprojectIgnore('[project\nname = ', 'NB402'), undefined);
    assert.equal(planPyprojectIgnore('[tool]\nnb2prod = { ignore = ["NB108"] }\n', 'NB402'), undefined);
  });
});
