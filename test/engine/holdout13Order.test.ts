// NB104 false positive found labelling holdout13: the cell below repeats the notebook's first cell, imports
// included, so the value it sets is the one Restart & Run All gives the reader.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, findingsOf, notebook } from '../helpers/engine';

describe('NB104: holdout13', () => {
  it('the same read_csv below, in a cell that imports pandas again, gives the reader the same frame: not reported', async () => {
    const first = 'import pandas as pd\nindicators = pd.read_csv("indicators.csv")\nindicators.head()';
    const reader = 'indicators.plot(kind="scatter", x="gdp", y="life")';
    const below = 'import pandas as pd\nimport numpy as np\nindicators = pd.read_csv("indicators.csv")\nprint(np.log(indicators["gdp"]).mean())';
    assert.deepEqual(await findingsOf('NB104', notebook(code(first, 1), code(reader, 56), code(below, 46))), []);
    // A cell between that changes `pd` by other means than the same import still makes it another value.
    const rebinds = 'pd = load_patched_pandas()';
    assert.deepEqual(await findingsOf('NB104', notebook(code(first, 1), code(reader, 56), code(rebinds, 30), code(below, 46))), ['2:1:1 indicators']);
    // A different file below is another value.
    assert.deepEqual(await findingsOf('NB104', notebook(code(first, 1), code(reader, 56), code(below.replace('indicators.csv")', 'indicators_2016.csv")'), 46))), ['2:1:1 indicators']);
  });
});
