// The CLI's engine analyses each notebook once (EngineOptions.oneShot): it keeps nothing for a
// later analysis of the same path and runs every rule on all cells at once, and reports what an
// editor's engine, with its caches and reuse, reports for the same notebooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { defaultWasmDir } from '../../server/src/engine/parser';
import type { CellInput, NotebookInput } from '../../server/src/engine/types';
import { REPO_ROOT } from '../helpers/engine';

const CELLS: CellInput[] = [
  { kind: 'markdown', source: '# Churn model\nWe train 5 epochs, then 20 epochs.' },
  { kind: 'code', source: 'import numpy as np\nimport pandas as pd', executionCount: 1 },
  { kind: 'code', source: 'df = pd.read_csv("/Users/maria/projects/churn/customers.csv")\ndf.head()', executionCount: 2 },
  { kind: 'code', source: 'from sklearn.model_selection import train_test_split\nX_train, X_test = train_test_split(df, test_size=0.25)', executionCount: 3 },
  { kind: 'code', source: 'from sklearn.ensemble import RandomForestClassifier\nclf = RandomForestClassifier(n_estimators=300, max_depth=8)\nclf.fit(X_train, X_train.pop("churned"))', executionCount: 5 },
  { kind: 'code', source: 'OPENAI_API_KEY = "sk-proj-' + 'Qm7'.repeat(16) + '"\nprint(undefined_total)', executionCount: 4, outputs: ['done'] },
  { kind: 'code', source: 'counts = []\ncounts.append(len(df))\nthreshold = 0.7', executionCount: 6 },
  { kind: 'code', source: 'report = summarize_churn(df)', executionCount: 9 },
  { kind: 'code', source: 'def summarize_churn(frame):\n    return frame.groupby("plan").mean()', executionCount: 3 },
  // The flow pass's inputs besides the cells' events: the kernel's Spark globals, and a binder it cannot see into.
  { kind: 'code', source: 'from pyspark.sql import functions as F\nrows = spark.range(10).withColumn("x", F.rand())', executionCount: 7 },
  { kind: 'code', source: '%run ./helpers.py\nprint(prepare(rows), missing_name)', executionCount: 8 },
];

const notebook = (cells: CellInput[]): NotebookInput => ({ path: 'analysis/churn.ipynb', cells });

describe('a one-shot engine (the CLI check)', () => {
  it('reports what an engine with its reuse caches reports, for each version of a notebook', async () => {
    const wasm = defaultWasmDir(REPO_ROOT);
    const once = await Engine.create(wasm, { oneShot: true });
    const editor = await Engine.create(wasm);
    const versions = [CELLS, CELLS.map((c, i) => (i === 6 ? { ...c, source: `${c.source}\nthreshold = 0.9` } : c)), CELLS.slice(0, 5), CELLS.slice(0, 9)];
    for (const cells of versions) {
      const findings = once.analyze(notebook(cells));
      assert.ok(findings.length > 3, `${findings.length} findings`);
      assert.deepEqual(findings, editor.analyze(notebook(cells)));
    }
  });

  it('keeps nothing for a second analysis of the same path: no rule reuses its last findings', async () => {
    const wasm = defaultWasmDir(REPO_ROOT);
    const edited = CELLS.map((c, i) => (i === 6 ? { ...c, source: 'counts = []\ncounts.append(len(df))\nthreshold = 0.75' } : c));
    const editor = await Engine.create(wasm);
    editor.analyze(notebook(CELLS));
    editor.analyze(notebook(edited));
    assert.ok(editor.reusedFindings.size > 0, 'the editor engine reuses findings after a one-cell edit');
    const once = await Engine.create(wasm, { oneShot: true });
    once.analyze(notebook(CELLS));
    once.analyze(notebook(edited));
    assert.equal(once.reusedFindings.size, 0);
  });
});
