// NB205 false positives found labelling holdout15 (FLAML AutoGen notebooks, ISLP labs, a Giskard
// MLflow example). Each test also keeps the true finding next to the pattern.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, findingsOf, markdown, notebook } from '../helpers/engine';

describe('NB205 model names that pick from a configuration loaded elsewhere', () => {
  it('does not report the model names of filter_dict (the list is read from OAI_CONFIG_LIST)', async () => {
    const load = 'import autogen\n\nllm_configs = autogen.config_list_from_json(\n    "OAI_CONFIG_LIST",\n    filter_dict={"model": ["gpt-4o", "gpt-4o-2024-08-06", "gpt-4-turbo"]},\n)';
    const asSet = 'cheap_configs = autogen.config_list_from_json(env_or_file="OAI_CONFIG_LIST", filter_dict={"model": {"gpt-4o-mini", "gpt-35-turbo"}})';
    assert.deepEqual(await findingsOf('NB205', [load, asSet]), []);
  });
  it('still reports a config list the notebook writes itself', async () => {
    const inline = 'import os\n\nllm_configs = [{"model": "gpt-4o-mini", "api_key": os.environ["OPENAI_API_KEY"]}]';
    assert.deepEqual(await findingsOf('NB205', [inline]), ['1:3:26 "gpt-4o-mini"']);
  });
});

describe('NB205 a threshold inside a check that two arrays agree', () => {
  it('does not report the cut-off that recreates the model\'s own predictions', async () => {
    const fit = 'qda = QuadraticDiscriminantAnalysis().fit(X_train, y_train)\nqda_pred = qda.predict(X_test)\nqda_prob = qda.predict_proba(X_test)';
    const check = 'np.all(\n    np.where(qda_prob[:, 1] >= 0.5, "Yes", "No") == qda_pred\n)';
    const asserted = 'assert (np.where(qda_prob[:, 1] > 0.5, "Yes", "No") == qda_pred).all()';
    assert.deepEqual(await findingsOf('NB205', [fit, check, asserted]), []);
  });
  it('still reports the cut-off that makes the labels, and an accuracy at a cut-off', async () => {
    const labels = 'labels = np.where(qda_prob[:, 1] >= 0.7, "Yes", "No")\naccuracy = np.mean(np.where(qda_prob[:, 1] > 0.4, "Yes", "No") == y_test)';
    assert.deepEqual(await findingsOf('NB205', [labels]), ['1:1:37 0.7', '1:2:46 0.4']);
  });
});

describe('NB205 counts the places of a model id by line', () => {
  it('says one place for a model id written three times on one line, and two for two lines', async () => {
    const oneLine = 'cascade = [{"model": "gpt-4o", "n": 1}, {"model": "gpt-4o", "n": 3}, {"model": "gpt-4o", "n": 5}]';
    const [finding] = await analyze([oneLine], { select: ['NB205'] });
    assert.ok(!/places in this notebook/.test(finding.message), finding.message);
    assert.equal((finding.related ?? []).length, 0);
    const [twice] = await analyze([oneLine, 'judge = ChatOpenAI(model="gpt-4o")'], { select: ['NB205'] });
    assert.match(twice.message, /\(2 places in this notebook\)/);
  });
});

describe('NB205 values a markdown cell compares', () => {
  const two = 'short_model, data = bench.wine(max_iter=10)\nlong_model, data = bench.wine(max_iter=500)';
  it('does not report two values of one keyword that the prose counts in the keyword\'s unit', async () => {
    const table = markdown('| name | what |\n|---|---|\n| `short_model` | stopped after 10 iterations |\n| `long_model` | trained for 500 iterations |');
    assert.deepEqual(await findingsOf('NB205', notebook(table, two)), []);
  });
  it('does not report two cut-offs on one score under a paragraph that compares them', async () => {
    const fit = 'proba = clf.predict_proba(X_test)\nflagged = np.where(proba[:, 1] > 0.5, "churn", "stay")';
    const prose = markdown('With a cut-off of 0.5 almost nobody is flagged. Lowering it to 0.2 flags far more customers.');
    const lower = 'flagged = np.where(proba[:, 1] > 0.2, "churn", "stay")';
    assert.deepEqual(await findingsOf('NB205', notebook(fit, prose, lower)), []);
  });
  it('still reports them when the prose names the numbers for something else, or only one of them', async () => {
    const other = markdown('We keep 10 features and 500 rows.');
    assert.equal((await findingsOf('NB205', notebook(other, two))).length, 1);
    const one = markdown('Training for 500 iterations converges.');
    assert.equal((await findingsOf('NB205', notebook(one, two))).length, 1);
    const fit = 'proba = clf.predict_proba(X_test)\nflagged = np.where(proba[:, 1] > 0.5, "churn", "stay")\nstrict = np.where(proba[:, 1] > 0.8, "churn", "stay")';
    assert.equal((await findingsOf('NB205', notebook(markdown('Scores range from 0.5 to 0.8.'), fit))).length, 2);
  });
  it('drops its finding again when the markdown cell is edited to no longer name the values', async () => {
    const table = markdown('| `short_model` | 10 iterations |\n| `long_model` | 500 iterations |');
    const before = notebook(table, two);
    assert.equal((await analyze(before, { select: ['NB205'] })).length, 0);
    const after = { cells: [markdown('| `short_model` | quick |\n| `long_model` | slow |'), before.cells[1]] };
    assert.equal((await analyze(after, { select: ['NB205'] })).length, 1);
  });
});
