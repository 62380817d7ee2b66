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
import type { CellInput, NotebookInput } from '../../server/src/engine/types';
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
    const configs = [mergeConfig(), mergeConfig({ select: ['NB'], severity: { NB202: 'information', NB502: 'warning', NB504: 'error' } }), mergeConfig({ allowedPaths: ['/Users/alice'] })];
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
