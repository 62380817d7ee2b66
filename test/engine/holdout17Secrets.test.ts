// NB204 false positive found labelling holdout17: a Feast quickstart prints its feature_store.yaml, whose registry is
// `postgresql://feast:feast@postgres:5432/feast`, the in-cluster demo database the tutorial deploys. A password equal
// to its user name, for a service of the stack named without a domain, is the demo's default, nothing anyone chose or
// could rotate. A real password, or default credentials on a host of a domain, is reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, notebook } from '../helpers/engine';

describe('NB203/NB204: a URI password equal to its user name is a demo default (holdout17)', () => {
  const printed = (uri: string) => notebook({ kind: 'code', source: '!cat feature_repo/feature_store.yaml', executionCount: 3, outputs: [`project: demo\nregistry:\n  registry_type: sql\n  path: ${uri}\n`] });

  it('is silent on user:user@host, in an output or in code', async () => {
    assert.deepEqual(await findingsOf('NB204', printed('postgresql://feast:feast@postgres:5432/feast')), []);
    assert.deepEqual(await findingsOf('NB203', ['engine = create_engine("postgresql://airflow:airflow@db:5432/airflow")']), []);
  });

  it('still reports a password that differs from the user name, or default credentials on a host of a domain', async () => {
    assert.equal((await findingsOf('NB204', printed('postgresql://feast:feast@pg.prod.example.com:5432/feast'))).length, 1);
    assert.equal((await findingsOf('NB204', printed('postgresql://feast:Xq82kLmv3@db.internal:5432/feast'))).length, 1);
    assert.equal((await findingsOf('NB203', ['engine = create_engine("postgresql://airflow:Xq82kLmv3@db.internal:5432/airflow")'])).length, 1);
  });
});
