// NB105 false positive found labelling holdout17: a cell that sets a helper column afresh, plots it and drops it
// (`data['na_count'] = data.isna().sum(axis=1)` … `data.drop('na_count', axis=1, inplace=True)`). A second run sets
// the column again before it drops it: the same state. Dropping a column the cell did not set is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB105: a cell that drops only the columns it set afresh above (holdout17)', () => {
  const load = "import pandas as pd\ndata = pd.read_csv('train.csv')";
  it('in place, rebound, or with del', async () => {
    const plot = "data['na_count'] = data.isna().sum(axis=1)\nsns.countplot(data=data, x='na_count')\n";
    assert.deepEqual(await findingsOf('NB105', [load, `${plot}data.drop('na_count', axis=1, inplace=True)`]), []);
    assert.deepEqual(await findingsOf('NB105', [load, `${plot}data = data.drop(columns=['na_count'])`]), []);
    assert.deepEqual(await findingsOf('NB105', [load, `${plot}del data['na_count']`]), []);
  });

  it('a column set from itself, or one the cell did not set, is still dropped again', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, "data['na_count'] = data.isna().sum(axis=1)\ndata.drop(['na_count', 'Cabin'], axis=1, inplace=True)"]), ["2:2:1 data.drop(['na_count', 'Cabin'], axis=1, inplace=True)"]);
    assert.deepEqual(await findingsOf('NB105', [load, "data = data.drop('Cabin', axis=1)"]), ['2:1:1 data']);
  });
});
