// The edit path reuses per-cell work (cell summaries, cell-scope rule findings, resolved
// calls, cellHasCode): after any sequence of edits, one long-lived engine must report
// exactly what a fresh engine reports for the same notebook. Random edits (modify,
// insert, delete, move cells; runs and outputs changing) on notebooks built from cells
// that trigger every rule family.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { mergeConfig } from '../../server/src/engine/config';
import { defaultWasmDir } from '../../server/src/engine/parser';
import type { CellInput, Finding, NotebookInput } from '../../server/src/engine/types';
import { generateNotebook } from '../../bench/notebooks';
import { REPO_ROOT } from '../helpers/engine';

/** Cells as notebooks have them, each meant to trigger (or defuse) some rule. */
const CELLS = [
  'import numpy as np\nimport pandas as pd\nimport requests',
  'from sklearn.model_selection import train_test_split\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.ensemble import RandomForestClassifier',
  'df = pd.read_csv("/Users/alice/data/train.csv")\ndf.head()',
  'df = df.reset_index()\ndf["ratio"] = df["a"] / df["b"]',
  'X = df.drop(columns=["y"])\ny = df["y"]\nscaler = StandardScaler()\nX = scaler.fit_transform(X)',
  'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)',
  'clf = RandomForestClassifier(n_estimators=100)\nclf.fit(X_train, y_train)',
  'resp = requests.get("https://api.example.com/v1/items")\nitems = resp.json()',
  'items.append({"id": 1})\ncount += 1',
  'print(undefined_thing)\nprint(later_name)',
  'later_name = 3\ndel items',
  'API_KEY = "sk-ant-api03-' + 'Zx8'.repeat(30) + '"',
  '%pip install lightgbm\n%matplotlib inline',
  '%run helpers.py\n%store -r shared_frame',
  'bad = df[df["a"] == np.nan]\ndf["a"]["b"] = 1',
  'def score(frame):\n    return frame[cols].mean() + threshold',
  'cols = ["a", "b"]\nthreshold = 0.5\nresult = score(df)',
  'BUCKET = "gs://team-bucket/raw"\nMODEL_ID = "gpt-4o-mini"\ntemperature = 0.2',
  'import os\nimport torch\nloss.backward()',
  'SYSTEM_PROMPT = """You are a careful assistant. Answer the question {question} using the context {context} only, and say when you do not know the answer to it."""',
  'from openai import OpenAI\nclient = OpenAI()',
  '# just a comment\n# nb2prod: ignore-cell[NB102]\nprint(hidden)',
  'x = 1  # nb2prod: ignore[NB105]\nx += 1',
  'for i in range(3):\n    total = total + i',
  'if (:\n    broken',
  '',
];

const OUTPUTS: (string[] | undefined)[] = [undefined, ['42'], ['token ghp_' + 'a1B2c3D4e5'.repeat(4)]];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return (state >>> 16) % n;
  };
}

function randomCell(rand: (n: number) => number): CellInput {
  if (rand(8) === 0) return { kind: 'markdown', source: `## Notes ${rand(100)}` };
  const ran = rand(3) > 0;
  return { kind: 'code', source: CELLS[rand(CELLS.length)], executionCount: ran ? 1 + rand(40) : null, outputs: ran ? OUTPUTS[rand(OUTPUTS.length)] : undefined };
}

/** One random edit; the notebook's cell objects are replaced, never changed in place (as the server does). */
function edit(nb: NotebookInput, rand: (n: number) => number): NotebookInput {
  const cells = nb.cells.slice();
  const at = rand(Math.max(1, cells.length));
  switch (rand(7)) {
    case 0:
      cells.splice(at, 0, randomCell(rand));
      break;
    case 1:
      if (cells.length > 1) cells.splice(at, 1);
      break;
    case 2: {
      const [moved] = cells.splice(at, 1);
      if (moved) cells.splice(rand(cells.length + 1), 0, moved);
      break;
    }
    case 3:
      if (cells[at]) cells[at] = { ...cells[at], source: `${cells[at].source}\n${CELLS[rand(CELLS.length)]}` };
      break;
    case 4:
      if (cells[at]) cells[at] = { ...cells[at], executionCount: rand(2) ? 1 + rand(40) : null };
      break;
    case 5: {
      // A code cell's saved output switches between holding a secret and not (NB204).
      const code = cells.flatMap((c, i) => (c.kind === 'code' ? [i] : []));
      const i = code[rand(Math.max(1, code.length))];
      if (i !== undefined) cells[i] = { ...cells[i], outputs: cells[i].outputs === OUTPUTS[2] ? OUTPUTS[rand(2)] : OUTPUTS[2] };
      break;
    }
    default:
      if (cells[at]) cells[at] = { ...cells[at], source: cells[at].source.split('\n').slice(0, -1).join('\n') || 'pass' };
  }
  return { ...nb, cells };
}

describe('incremental analysis', () => {
  it('reports after random edits exactly what a fresh engine reports', async () => {
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const configs = [mergeConfig(), mergeConfig({ select: ['NB', 'NB102', 'NB103', 'NB106'], severity: { NB202: 'information', NB502: 'warning', NB504: 'error' } }), mergeConfig({ allowedPaths: ['/Users/alice'] })];
    let compared = 0;
    let withFindings = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const rand = random(seed);
      let nb: NotebookInput = { cells: Array.from({ length: 12 + rand(20) }, () => randomCell(rand)), path: seed % 2 ? 'notebooks/a.ipynb' : undefined };
      for (let step = 0; step < 25; step++) {
        nb = edit(nb, rand);
        const config = configs[(seed + Math.floor(step / 8)) % configs.length];
        const incremental = live.analyze(nb, config);
        const full = (await Engine.create(wasm)).analyze(nb, config);
        assert.deepEqual(incremental, full, `seed ${seed}, step ${step}`);
        compared++;
        if (full.length > 0) withFindings++;
      }
    }
    assert.equal(compared, 150);
    // The comparison means something only if the notebooks have findings.
    assert.ok(withFindings > 140, `${withFindings} of ${compared} analyses had findings`);
  });

  it('reports after random in-place cell edits exactly what a fresh engine reports, reusing what the edits leave alone', async () => {
    // Cells keep their places: the engine compares each changed cell with its last analysis
    // (lastAnalysis.ts) and reuses the findings of rules whose reads of it did not change
    // (ruleReuse.ts, Rule.reads), the cell-scope rules' other cells and the converted findings.
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const configs = [mergeConfig({ select: ['NB', 'NB102', 'NB103', 'NB106', 'NB502', 'NB504', 'NB506'] }), mergeConfig(), mergeConfig({ select: ['NB', 'NB102', 'NB504', 'NB506'], configKeywords: ['n_estimators'], allowedPaths: ['/Users/alice'] })];
    const edits: ((cell: CellInput, rand: (n: number) => number) => CellInput)[] = [
      // A line typed at the end: most rules read nothing new.
      (cell, rand) => ({ ...cell, source: `${cell.source}\nvalue_${rand(5)} = ${rand(5)}` }),
      (cell, rand) => ({ ...cell, source: `${cell.source}\nprint(value_${rand(5)})` }),
      (cell, rand) => ({ ...cell, source: `${cell.source}\n%store -r restored_${rand(3)}` }),
      // A line above: everything in the cell moves down.
      (cell) => ({ ...cell, source: `# step\n${cell.source}` }),
      (cell, rand) => ({ ...cell, source: CELLS[rand(CELLS.length)] }),
      (cell) => ({ ...cell, source: cell.source.split('\n').slice(0, -1).join('\n') }),
      // Pragmas change what is reported of the same rule findings.
      (cell, rand) => ({ ...cell, source: `${cell.source}\n# nb2prod: ignore-cell${['', '[NB108,NB205]', '[NB503]', '[NB109]'][rand(4)]}` }),
      (cell, rand) => ({ ...cell, source: cell.source.replace(/\n# nb2prod: ignore-cell.*$/, '') || `x_${rand(3)} = 1` }),
      (cell, rand) => ({ ...cell, executionCount: rand(3) ? 1 + rand(40) : null }),
      (cell, rand) => ({ ...cell, outputs: cell.outputs === OUTPUTS[2] ? OUTPUTS[rand(2)] : OUTPUTS[2] }),
    ];
    let compared = 0;
    const findingsByCode = new Map<string, number>();
    for (let seed = 1; seed <= 8; seed++) {
      const rand = random(seed * 97);
      // Two notebooks analysed in turn by the same engine: what is kept is per notebook.
      const notebooks: NotebookInput[] = ['notebooks/a.ipynb', 'notebooks/b.ipynb'].map((path) => ({ cells: Array.from({ length: 14 + rand(16) }, () => randomCell(rand)), path }));
      const found: Finding[][] = [[], []];
      for (let step = 0; step < 40; step++) {
        const which = rand(5) === 0 ? 1 : 0;
        const nb = notebooks[which];
        const code = nb.cells.flatMap((c, i) => (c.kind === 'code' ? [i] : []));
        const cells = nb.cells.slice();
        // Half the edits go to a cell with a finding: where what the rules read changes.
        const last = found[which];
        const at = last.length > 0 && rand(2) ? last[rand(last.length)].cell : code[rand(code.length)];
        if (at !== undefined) cells[at] = edits[rand(edits.length)](cells[at], rand);
        notebooks[which] = { ...nb, cells };
        const config = configs[(seed + Math.floor(step / 10)) % configs.length];
        const full = (await Engine.create(wasm)).analyze(notebooks[which], config);
        found[which] = full;
        assert.deepEqual(live.analyze(notebooks[which], config), full, `seed ${seed}, step ${step}`);
        compared++;
        for (const f of full) findingsByCode.set(f.code, (findingsByCode.get(f.code) ?? 0) + 1);
      }
    }
    assert.equal(compared, 320);
    // Meaningful only if every rule that says what it reads had findings to compare, and its findings were reused.
    for (const code of ['NB101', 'NB102', 'NB108', 'NB109', 'NB205', 'NB501', 'NB503', 'NB504', 'NB505', 'NB506']) {
      assert.ok((findingsByCode.get(code) ?? 0) > 20, `${code}: ${findingsByCode.get(code) ?? 0} findings compared`);
      assert.ok((live.reusedFindings.get(code) ?? 0) > 40, `${code}: reused ${live.reusedFindings.get(code) ?? 0} times`);
    }
  });

  it('moves a reused rule\'s findings with the lines of their cell', async () => {
    // Every cell of CELLS in one notebook, each rule's trigger included; then each cell in turn
    // gets a line above its code, and loses it again: findings in that cell move down and back.
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const config = mergeConfig({ select: ['NB', 'NB102', 'NB103', 'NB106', 'NB502', 'NB504', 'NB506'] });
    const base: NotebookInput = { cells: CELLS.map((source, i) => ({ kind: 'code', source, executionCount: i + 1 })), path: 'notebooks/lines.ipynb' };
    live.analyze(base, config);
    const moved = new Set<string>();
    for (let at = 0; at < base.cells.length; at++) {
      const cells = base.cells.slice();
      cells[at] = { ...cells[at], source: `# step\n${cells[at].source}` };
      for (const nb of [{ ...base, cells }, base]) {
        const full = (await Engine.create(wasm)).analyze(nb, config);
        assert.deepEqual(live.analyze(nb, config), full, `cell ${at}`);
        for (const f of full) if (f.cell === at && nb !== base) moved.add(f.code);
      }
    }
    for (const code of ['NB108', 'NB109', 'NB205', 'NB501', 'NB503', 'NB504', 'NB505', 'NB506']) assert.ok(moved.has(code), `${code} has a finding in a cell that moved`);
  });

  it('reruns NB102 when an edit elsewhere changes what it knows of the whole notebook', async () => {
    // NB102 reads notebook-wide facts (notebookRun.ts, snippet notebooks): an edit of a cell without
    // the undefined name can turn its findings off and on again.
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const cells: CellInput[] = [
      { kind: 'code', source: 'print(hidden_state)', executionCount: 1 },
      { kind: 'code', source: 'if (:\n    broken', executionCount: null },
      { kind: 'code', source: 'for x in:\n    pass', executionCount: null },
      { kind: 'code', source: 'x = 1', executionCount: 2 },
      { kind: 'code', source: 'y = [1, ...]', executionCount: null },
      { kind: 'code', source: 'z = 2', executionCount: null },
    ];
    const steps: [number, Partial<CellInput>][] = [
      [3, { source: 'x = = 1' }], // a third cell that does not compile: not Python as written
      [3, { source: 'x = 1' }],
      [3, { executionCount: null }], // nothing ran and a snippet placeholder: a snippet notebook
      [0, { executionCount: null }],
      [0, { executionCount: 1 }],
      [3, { executionCount: 2 }],
      [0, { error: "NameError: name 'hidden_state' is not defined" }], // a saved error shows the failure already
      [0, { error: undefined }],
    ];
    const counts: number[] = [];
    let nb: NotebookInput = { cells, path: 'notebooks/run.ipynb' };
    // NB102 is opt in: named here as a team that wants it does.
    const config = mergeConfig({ select: ['NB', 'NB102'] });
    live.analyze(nb, config);
    for (const [at, change] of steps) {
      const next = nb.cells.slice();
      next[at] = { ...next[at], ...change };
      nb = { ...nb, cells: next };
      const full = (await Engine.create(wasm)).analyze(nb, config);
      assert.deepEqual(live.analyze(nb, config), full, `after ${JSON.stringify(change)} in cell ${at}`);
      counts.push(full.filter((f) => f.code === 'NB102').length);
    }
    // The steps turn NB102 off and on: otherwise this test would show nothing.
    assert.ok(counts.includes(0) && counts.some((n) => n > 0), `NB102 findings per step: ${counts}`);
  });

  it('reruns NB101 when an edit elsewhere changes what it knows of the notebook', async () => {
    // NB101 skips reads in code not meant to run as is (useBeforeDefine.ts): an edit of another cell
    // (a magic body binding the name above, a syntax error where it is defined, runs, a cheat sheet) turns it off and on.
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const cells: CellInput[] = [
      { kind: 'code', source: 'x = 1', executionCount: 1 },
      { kind: 'code', source: 'print(later)\nprint(missing_name)', executionCount: 2 },
      { kind: 'code', source: 'later = 3', executionCount: 3 },
      { kind: 'code', source: 'if (:\n    broken', executionCount: null },
      { kind: 'code', source: 'for x in:\n    pass', executionCount: null },
    ];
    const steps: [number, Partial<CellInput>][] = [
      [0, { source: "get_ipython().run_cell_magic('time', '', 'later = 1\\n')" }], // bound above, in a magic body
      [0, { source: 'x = 1' }],
      [2, { source: 'later = 3\nif (:' }], // defined in a cell Python cannot parse
      [2, { source: 'later = 3' }],
      [1, { source: 'print(later)  # YOUR CODE HERE\nprint(missing_name)' }], // an exercise stub
      [1, { source: 'print(later)\nprint(missing_name)' }],
      [1, { executionCount: null }], // an unrun sketch in a notebook that ran
      [0, { executionCount: null }],
      [2, { executionCount: null }], // nothing ran: a step like any other
      [0, { source: 'x = = 1' }], // a third cell that does not compile, nothing ran: a cheat sheet
      [0, { source: 'x = 1' }],
    ];
    const counts: number[] = [];
    let nb: NotebookInput = { cells, path: 'notebooks/order.ipynb' };
    const config = mergeConfig();
    live.analyze(nb, config);
    for (const [at, change] of steps) {
      const next = nb.cells.slice();
      next[at] = { ...next[at], ...change };
      nb = { ...nb, cells: next };
      const full = (await Engine.create(wasm)).analyze(nb, config);
      assert.deepEqual(live.analyze(nb, config), full, `after ${JSON.stringify(change)} in cell ${at}`);
      counts.push(full.filter((f) => f.code === 'NB101').length);
    }
    // Each step turns NB101 off or on: otherwise this test would show nothing.
    assert.deepEqual(counts.map((n) => n > 0), [false, true, false, true, false, true, false, false, true, false, true], `NB101 findings per step: ${counts}`);
  });

  it('reuses NB108, NB205 and NB501 after a new variable is typed, and reruns them when what they follow changes', async () => {
    // NB501 and NB205 follow only the names call results are bound to (an estimator nobody reads is never used), NB108 a
    // cell's bindings only up to the notebook's top (Rule.reads.notebookFacts): typing `value = 2` costs them nothing.
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const config = mergeConfig();
    const top = 'import numpy as np\nfrom sklearn.ensemble import RandomForestClassifier';
    let nb: NotebookInput = {
      path: 'notebooks/follow.ipynb',
      cells: [top, 'clf = RandomForestClassifier(n_estimators=100)', 'x = 1', 'import pandas as pd'].map((source, i) => ({ kind: 'code', source, executionCount: i + 1 })),
    };
    live.analyze(nb, config);
    const codes = ['NB108', 'NB205', 'NB501'];
    const steps: [number, string, string][] = [
      // [cell, new source, for each code: reused (r) or run again (n)]
      [2, 'x = 1\nvalue = 2', 'rrr'],
      [2, 'x = 1\nclf.fit(X, y)', 'rnn'], // the estimator is read: now it is used
      [2, 'x = 1\nclf.fit(X, y)\nother = 3', 'rrr'],
      [2, 'clf = RandomForestClassifier(n_estimators=10)', 'rnn'], // bound again before any read
      [3, 'import pandas as pd\nimport os', 'nrn'], // one more import below the top
      [0, `${top}\nseed = 1`, 'nrr'], // the top cell's own bindings
      [0, '%pip install lightgbm', 'nrn'], // the top moves down a cell (and NB501 loses the cell's imports)
    ];
    const found: string[] = [];
    for (const [at, source, expected] of steps) {
      const cells = nb.cells.slice();
      cells[at] = { ...cells[at], source };
      nb = { ...nb, cells };
      const before = codes.map((code) => live.reusedFindings.get(code) ?? 0);
      const full = (await Engine.create(wasm)).analyze(nb, config);
      assert.deepEqual(live.analyze(nb, config), full, `after ${JSON.stringify(source)} in cell ${at}`);
      const reused = codes.map((code, k) => ((live.reusedFindings.get(code) ?? 0) > before[k] ? 'r' : 'n')).join('');
      assert.equal(reused, expected, `reuse of ${codes} after ${JSON.stringify(source)} in cell ${at}`);
      found.push(codes.map((code) => full.filter((f) => f.code === code).length).join(''));
    }
    // The steps change what NB108 and NB501 report: otherwise the reruns would show nothing.
    assert.deepEqual(found, ['110', '111', '111', '110', '210', '210', '210'], `NB108/NB205/NB501 findings per step: ${found}`);
  });

  it('gives the same findings after one-cell edits of a large generated notebook', async () => {
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const base = generateNotebook(200, 7);
    live.analyze(base);
    const rand = random(11);
    for (let e = 0; e < 6; e++) {
      const at = rand(base.cells.length);
      const cells = base.cells.slice();
      cells[at] = { ...cells[at], source: `${cells[at].source}\nedit_${e} = ${e}` };
      const nb = { cells };
      assert.deepEqual(live.analyze(nb), (await Engine.create(wasm)).analyze(nb), `edit ${e} at cell ${at}`);
    }
  });
});
