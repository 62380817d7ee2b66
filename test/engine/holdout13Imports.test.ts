// NB108 false positives found labelling holdout13: a set-up cell before the import block that the rule took
// for the top. Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

const imports = 'import pandas as pd\nimport boto3\nfrom sagemaker.workflow.pipeline import Pipeline';

describe('NB108: holdout13', () => {
  it('a cell that restores stored variables and checks the set-up notebook ran comes before the top', async () => {
    const restore = '%store -r\n\n%store\n\ntry:\n    initialized\nexcept NameError:\n    print("Run 00-setup.ipynb first")';
    assert.deepEqual(await findingsOf('NB108', [restore, imports, 'sess = Pipeline(name="p")']), []);
    // A read the cell does not guard is the notebook's code: the imports after it are reported.
    const unguarded = '%store -r\n\nprint(initialized)';
    assert.deepEqual(await findingsOf('NB108', [unguarded, imports]), ['2:1:1 import pandas as pd', '2:2:1 import boto3', '2:3:1 from sagemaker.workflow.pipeline import Pipeline']);
  });

  it('a banner cell that only shows the notebook\'s links with urllib and IPython comes before the top', async () => {
    const banner = 'import urllib\nfrom IPython.display import Markdown as md\n_nb_loc = "03_models/03a_flowers.ipynb"\n_links = ["https://example.com/run?" + urllib.parse.urlencode({"download_url": "https://example.com/raw/" + _nb_loc})]\nmd(f"[Run]({_links[0]})")';
    const block = 'import numpy as np\nimport tensorflow as tf';
    assert.deepEqual(await findingsOf('NB108', [banner, block, 'x = np.zeros(3)']), []);
    // A first cell that imports a library beside urllib is the import block itself.
    const withNumpy = 'import numpy as np\n' + banner;
    assert.deepEqual(await findingsOf('NB108', [withNumpy, block]), ['2:1:1 import numpy as np', '2:2:1 import tensorflow as tf']);
  });
});
