// "Extract notebook to project" in the engine (export/notebook.ts): what each
// section becomes, on small notebooks shaped like the real ones that broke it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planExport, type ExportPlan, type ExportRequest } from '../../server/src/engine/export/notebook';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, markdown } from '../helpers/engine';

async function exportOf(cells: CellInput[], files: Record<string, string> = {}, notebookPath = 'analysis.ipynb'): Promise<ExportPlan> {
  const engine = await getEngine();
  const req: ExportRequest = {
    cells, summarize: (s) => engine.summarize(s), statements: (s) => engine.statements(s),
    notebookPath, packageName: 'shop', read: (p) => files[p], isLocal: () => false,
  };
  const plan = planExport(req);
  assert.ok(!('refused' in plan), 'refused' in plan ? plan.refused : '');
  return plan;
}

describe('export: names of sections and functions', () => {
  it('a numbered heading without a word ("## 1.") names nothing: not _1, IPython\'s name for Out[1]', async () => {
    const plan = await exportOf([
      code('import statistics'),
      markdown('## 1.'),
      code('prices = [3.0, 4.5, 10.0]\ntotal = round(sum(prices) * 1.2, 2)'),
      markdown('## 2.'),
      code('middle = statistics.median(prices)\nprint(middle, total)'),
    ]);
    const calls = plan.cellEdits.map((e) => e.newText.split('\n').at(-1));
    assert.deepEqual(calls, ['prices, total = analysis_cell3()', 'analysis_cell5(prices, total)']);
    assert.deepEqual(plan.files.filter((f) => f.path.startsWith('src/')).map((f) => f.path), ['src/shop/analysis.py', 'src/shop/__init__.py']);
    assert.deepEqual(plan.pipeline?.steps.map((s) => s.functionName), ['analysis_cell3', 'analysis_cell5']);
  });

  it('a numbered heading names the section by its words ("## 1. Load prices" → load_prices, not _1_load_prices)', async () => {
    const plan = await exportOf([markdown('## 1. Load prices'), code('prices = [3.0, 4.5, 10.0]\ntotal = sum(prices)'), code('print(total)'), markdown('### 2.1) Tax'), code('taxed = total * 1.2'), code('print(taxed)')]);
    assert.deepEqual(plan.cellEdits.map((e) => e.newText), ['from shop.load_prices import load_prices\ntotal = load_prices()', 'from shop.tax import tax\ntaxed = tax(total)']);
  });
});

describe('export: cells that stay in the notebook, with the reason', () => {
  it('a cell that changes sys.path stays: the section module would import the helper before the path holds it', async () => {
    const plan = await exportOf([
      markdown('# Package checks'),
      code('import sys\nsys.path.insert(0, "..")'),
      code('from shop_helpers import check_versions\nreport = check_versions({"numpy": "1.26"})\nprint(report)'),
    ]);
    const [kept, moved] = plan.sections[0].lines;
    assert.equal(kept, 'cell 2: stays (it changes where Python finds modules (sys.path); an extracted module would import before that change)');
    assert.match(moved, /^cell 3: \w+\(\) in src\/shop\/package_checks\.py/);
    assert.deepEqual(plan.cellEdits.map((e) => e.cell), [2]);
    assert.match(plan.files.find((f) => f.path === 'pipelines/analysis.py')?.text ?? '', /- cell 2 \(Package checks\): it changes where Python finds modules/);
  });

  it('the pipeline puts the notebook\'s sys.path folders on its own path, from the notebook\'s folder, before importing the package', async () => {
    const cells = [
      markdown('# Package checks'),
      code('import sys\nsys.path.insert(0, "..")  # the repository\'s helpers'),
      code('from shop_helpers import check_versions\nreport = check_versions({"numpy": "1.26"})\nprint(report)'),
    ];
    const plan = await exportOf(cells, {}, 'notebooks/analysis.ipynb');
    const pipeline = plan.files.find((f) => f.path === 'pipelines/analysis.py')!.text;
    const lines = pipeline.split('\n');
    const at = lines.indexOf('sys.path.insert(0, str((_NOTEBOOK_DIR / "..").resolve()))');
    assert.ok(at > 0, pipeline);
    assert.ok(lines.includes('_NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"'), pipeline);
    assert.ok(at < lines.findIndex((l) => l.startsWith('from shop.')), 'the path change comes before the package import');
    assert.match(pipeline, /- cell 2 \(Package checks\): it changes where Python finds modules .*; the pipeline makes the same change before its imports/);
    // The tests import the extracted module too: pytest gets the folder, relative to the project (notebooks/.. is the root, there already).
    assert.match(plan.files.find((f) => f.path === 'pyproject.toml')!.text, /^pythonpath = \["src", "\."\]$/m);
    const nested = await exportOf([markdown('# Checks'), code('import sys\nsys.path.append("lib")'), cells[2]], {}, 'notebooks/analysis.ipynb');
    assert.match(nested.files.find((f) => f.path === 'pipelines/analysis.py')!.text, /^sys\.path\.append\(str\(\(_NOTEBOOK_DIR \/ "lib"\)\.resolve\(\)\)\)$/m);
    assert.match(nested.files.find((f) => f.path === 'pyproject.toml')!.text, /^pythonpath = \["src", "\.", "notebooks\/lib"\]$/m);
  });

  it('a path the pipeline cannot repeat (computed at run time) is left to the notebook', async () => {
    const plan = await exportOf([
      markdown('# Checks'),
      code('import os, sys\nsys.path.append(os.path.join(os.getcwd(), "lib"))'),
      code('from shop_helpers import check_versions\nreport = check_versions({"numpy": "1.26"})\nprint(report)'),
    ]);
    const pipeline = plan.files.find((f) => f.path === 'pipelines/analysis.py')!.text;
    assert.doesNotMatch(pipeline, /_NOTEBOOK_DIR/);
    assert.match(pipeline, /- cell 2 \(Checks\): it changes where Python finds modules \(sys\.path\); an extracted module would import before that change\n/);
  });

  it('a cell reading a name no cell above binds stays: the call would pass it and raise NameError (a Python 2 name under a version branch)', async () => {
    const plan = await exportOf([
      markdown('# Load'),
      code('import sys\nfrom io import StringIO\nimport pandas as pd'),
      code('csv_data = "A,B\\n1,2\\n"\nif sys.version_info < (3, 0):\n    csv_data = unicode(csv_data)\ndf = pd.read_csv(StringIO(csv_data))\ndf'),
      markdown('# Count'),
      code('sizes = [3, 1, 2]\nlargest = max(sizes)\nprint(largest)'),
    ]);
    assert.deepEqual(plan.cellEdits.map((e) => e.cell), [4], plan.sections.flatMap((s) => s.lines).join('\n'));
    assert.ok(plan.sections[0].lines.includes('cell 3: stays, not extracted: it reads `unicode`, which no cell above binds: the call would raise NameError'), plan.sections[0].lines.join('\n'));
  });

  it('a value that starts on a backslash continuation line (`X_train, y_train =\\`) stays: its reads are not seen (a real notebook\'s X became a module global)', async () => {
    const plan = await exportOf([
      code('import numpy as np\nX = np.arange(20).reshape(10, 2)\ny = np.array([0, 1] * 5)\nprint(X.shape)'),
      markdown('## Split'),
      code('from sklearn.model_selection import train_test_split\n\nX_train, X_test, y_train, y_test =\\\n    train_test_split(X, y, test_size=0.2, random_state=1)'),
      markdown('## Count'),
      code('sizes = [3, 1, 2]\nlargest = max(sizes)\nprint(largest)'),
    ]);
    assert.ok(plan.sections.flatMap((s) => s.lines).includes('cell 3: stays, not extracted: cell 3 starts an assigned value on a continuation line (`= \\`), which nb2prod cannot analyse yet'), plan.sections.flatMap((s) => s.lines).join('\n'));
    assert.ok(!plan.cellEdits.some((e) => e.cell === 2));
  });

  it('a cell that stays and changes a value in place refuses the pipeline when a later step reads that value (a real notebook\'s pipeline raised KeyError)', async () => {
    const cells = [
      markdown('# People'),
      code('import pandas as pd\npeople = pd.DataFrame({"height": [172, 181], "weight": [68, 84]})\nprint(people.shape)'),
      markdown('# Body mass'),
      code('people.eval("bmi = weight / (height / 100) ** 2", inplace=True)\npeople'),
      markdown('# Sort'),
      code('people.sort_values(by="bmi", inplace=True)\nprint(people["bmi"].round(1).tolist())'),
    ];
    const plan = await exportOf(cells);
    assert.ok(plan.sections.flatMap((s) => s.lines).some((l) => /^cell 4: stays, not extracted: cell 4 calls eval\(\)/.test(l)), plan.sections.flatMap((s) => s.lines).join('\n'));
    assert.equal(plan.files.find((f) => f.path === 'pipelines/analysis.py'), undefined, 'no pipeline that skips the in-place change');
    assert.match(plan.pipelineRefused ?? '', /reads `people`, which cell 4 changes and which stays in the notebook \(not extracted: cell 4 calls eval\(\)/);
    // Without the cell that stays, the same steps make a pipeline.
    const without = await exportOf([...cells.slice(0, 2), cells[4], code('people.sort_values(by="height", inplace=True)\nprint(people["height"].tolist())')]);
    assert.ok(without.files.some((f) => f.path === 'pipelines/analysis.py'), without.pipelineRefused);
  });

  it('sys.path read, not changed, is code like any other', async () => {
    const plan = await exportOf([markdown('# Paths'), code('import sys\nsearch = [p for p in sys.path if p]\nprint(len(search) > 0)')]);
    assert.deepEqual(plan.cellEdits.map((e) => e.cell), [1]);
  });
});
