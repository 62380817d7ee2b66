// NB503 false positive found labelling holdout18 (an agents notebook): `OpenAI` imported from the openai package in
// an early cell and again from LlamaIndex in a later cell. A call takes the import a Restart & Run All has run last
// above it: LlamaIndex's OpenAI wrapper has a timeout of its own, the openai client does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB503: a name imported again from another library (holdout18)', () => {
  const setup = 'import os\nfrom openai import OpenAI\nkey = os.getenv("OPENAI_API_KEY")';
  it('takes the later import for the calls of its cell and below', async () => {
    const wrapper = 'from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="gpt-4o-mini", temperature=0)\nprint(llm.complete("Hi"))';
    assert.deepEqual(await findingsOf('NB503', [setup, wrapper, 'llm2 = OpenAI(model="gpt-4o")\nprint(llm2.complete("Hi"))']), []);
  });

  it('keeps the first import for the calls above the later one, and the openai client imported after the wrapper', async () => {
    const client = 'client = OpenAI()\nprint(client.models.list())';
    assert.deepEqual(await findingsOf('NB503', [setup, client, 'from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="gpt-4o")']), ['2:1:10 OpenAI']);
    assert.deepEqual(await findingsOf('NB503', ['from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="gpt-4o")', 'from openai import OpenAI\n' + client]), ['2:2:10 OpenAI']);
  });

  it('keeps a library\'s own submodule imported under the same name (one library, the same classes)', async () => {
    const tree = 'from sklearn import tree\nfrom sklearn.model_selection import train_test_split';
    assert.equal((await findingsOf('NB501', [tree, 'X_train, X_test, y_train, y_test = train_test_split(X, y)', 'from sklearn.tree import tree\nreg = tree.DecisionTreeRegressor(max_depth=5)\nreg.fit(X_train, y_train)\nprint(reg.score(X_test, y_test))'])).length >= 1, true);
  });
});
