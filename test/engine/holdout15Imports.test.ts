// NB108 false positives found labelling holdout15: imports placed after a set-up the rule did not see as one.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB108: holdout15', () => {
  const pathFix = '# make the package importable from a checkout\nfrom helpers import fix_pythonpath_if_working_locally\n\nfix_pythonpath_if_working_locally()';
  const magics = '%load_ext autoreload\n%autoreload 2\n%matplotlib inline';
  const style = '# the library\'s plotting style\nfrom tsforge import set_option\n\nset_option("plotting.style", "paper")';
  const block = 'import numpy as np\n\nfrom tsforge.models import Forecaster\n\nmodel = Forecaster(lags=12)';

  it('a call of a helper named for the Python path it fixes is a change of sys.path: the imports after it stay', async () => {
    // darts' examples: the path fix, a cell of magics, a style setting, then the import block.
    assert.deepEqual(await findingsOf('NB108', [pathFix, magics, style, block, 'pred = model.fit(np.arange(24)).predict(6)']), []);
    assert.deepEqual(await findingsOf('NB108', [pathFix, magics, block]), []);
    // An import further down, after code that uses the first ones, is still scattered.
    assert.deepEqual(await findingsOf('NB108', [pathFix, magics, style, block, 'pred = model.predict(6)', 'from tsforge.metrics import mae\nprint(mae(pred, pred))']),
      ['6:1:1 from tsforge.metrics import mae']);
    // A helper whose name says nothing of the path is code like any other.
    const other = 'from helpers import prepare_notebook\n\nprepare_notebook()';
    assert.deepEqual(await findingsOf('NB108', [other, magics, style, block]), ['3:2:1 from tsforge import set_option', '4:1:1 import numpy as np', '4:3:1 from tsforge.models import Forecaster']);
  });

  it('a cell that sets a key and quiets a library\'s log with os and logging comes before the top', async () => {
    const env = 'import os\nimport logging\n\nlogging.getLogger("httpx").setLevel(logging.WARNING)\n\nos.environ["OPENAI_API_KEY"] = "..."';
    const chain = 'from langchain.chains import RetrievalQA\nfrom langchain_openai import OpenAI\n\nqa = RetrievalQA.from_llm(OpenAI())';
    assert.deepEqual(await findingsOf('NB108', ['%pip install langchain langchain-openai', env, chain, 'qa.invoke("Why?")']), []);
    // A first cell that imports a library beside logging is the import block itself.
    const withPandas = 'import pandas as pd\n' + env;
    assert.deepEqual(await findingsOf('NB108', [withPandas, chain]), ['2:1:1 from langchain.chains import RetrievalQA', '2:2:1 from langchain_openai import OpenAI']);
  });
});
