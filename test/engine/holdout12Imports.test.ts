// NB108 false positives found labelling holdout12: imports a set-up or download step needs
// where they are. Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB108: holdout12', () => {
  it('an import in a block that downloads the data only when it is missing', async () => {
    const nb = [
      'from pathlib import Path\nimport pandas as pd\npath = Path("patents")',
      'from zipfile import ZipFile\n\nif not path.exists():\n    from kaggle import api\n    api.competition_download_cli(str(path))\n    ZipFile(f"{path}.zip").extractall(path)',
    ];
    // `from zipfile import ZipFile` is still an import after the top; the on-demand one is not reported.
    assert.deepEqual(await findingsOf('NB108', nb), ['2:1:1 from zipfile import ZipFile']);
    // The same import under any other condition is reported.
    const other = [nb[0], 'if use_kaggle:\n    from kaggle import api\n    api.competition_download_cli(str(path))'];
    assert.deepEqual(await findingsOf('NB108', other), ['2:2:5 from kaggle import api']);
  });

  it('a Kaggle-or-local set-up cell that installs the library on Kaggle and downloads the data elsewhere comes before the top', async () => {
    const setup = 'from pathlib import Path\nimport os\n\non_kaggle = os.environ.get("KAGGLE_KERNEL_RUN_TYPE", "")\nif on_kaggle:\n    path = Path("../input/titanic")\n    !pip install -Uqq fastai\nelse:\n    import zipfile, kaggle\n    path = Path("titanic")\n    kaggle.api.competition_download_cli(str(path))\n    zipfile.ZipFile(f"{path}.zip").extractall(path)';
    const imports = 'from fastai.tabular.all import *\n\nset_seed(42)';
    assert.deepEqual(await findingsOf('NB108', [setup, imports, 'df = pd.read_csv(path/"train.csv")']), []);
    // Without the install line the cell is code (it downloads with kaggle): the import after it is reported.
    const noInstall = setup.replace('    !pip install -Uqq fastai\n', '');
    assert.deepEqual(await findingsOf('NB108', [noInstall, imports]), ['2:1:1 from fastai.tabular.all import *']);
    // An import at the cell's top level that is no set-up module keeps it code.
    const withNumpy = 'import numpy as np\n' + setup;
    assert.deepEqual(await findingsOf('NB108', [withNumpy, imports]), ['2:1:1 from fastai.tabular.all import *']);
  });
});
