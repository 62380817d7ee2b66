// NB108 false positives found labelling holdout16: a module the notebook fetches itself, and a cell the rendered
// documentation hides taken as the top. Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB108: holdout16', () => {
  const top = 'import numpy as np\nimport pandas as pd';

  it('a module the notebook downloads or writes is imported after that: not reported', async () => {
    const download = 'fetch("https://raw.githubusercontent.com/example/stats-book/main/code/survey.py")';
    assert.deepEqual(await findingsOf('NB108', [top, download, 'import survey\n\ndf = survey.read()']), []);
    const written = '%%writefile scoring.py\ndef score(x):\n    return 2 * x';
    assert.deepEqual(await findingsOf('NB108', [top, written, 'from scoring import score\nprint(score(3))']), []);
    // Another module in the same cell, or a module only named (run, not fetched), is still scattered.
    assert.deepEqual(await findingsOf('NB108', [top, download, 'import survey\nimport seaborn as sns']), ['3:2:1 import seaborn as sns']);
    assert.deepEqual(await findingsOf('NB108', [top, '!python survey.py', 'import survey']), ['3:1:1 import survey']);
    // Fetched only after the import: the import does not need it.
    assert.deepEqual(await findingsOf('NB108', [top, 'import survey\nsurvey.summary()', download]), ['2:1:1 import survey']);
  });

  it('a cell the rendered docs hide (`#| echo: false`) is not the top: the visible import block after it is', async () => {
    const hidden = '#| echo: false\nimport warnings\nimport pandas as pd\nfrom docs_helpers import render_badges\nwarnings.simplefilter("ignore")\npd.set_option("display.max_rows", 10)\nrender_badges()';
    const visible = 'import matplotlib.pyplot as plt\nfrom scipy import stats';
    assert.deepEqual(await findingsOf('NB108', [hidden, visible, 'plt.plot(stats.norm.pdf([0, 1]))']), []);
    // Without the directive, that first cell is the top.
    assert.deepEqual(await findingsOf('NB108', [hidden.replace('#| echo: false\n', ''), visible]), ['2:1:1 import matplotlib.pyplot as plt', '2:2:1 from scipy import stats']);
  });
});
