// NB203 false positive found labelling holdout19: a Spark course mounts its bucket with
// `dbutils.fs.mount("s3n://%s:%s@%s" % (ACCESS_KEY, ENCODED_SECRET_KEY, BUCKET), …)`. The `%s` between `:` and `@`
// is a %-format field filled from variables, as `{password}` in an f-string or `.format` template is: no secret in
// the text. A real password in the same place is reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB203: %-format fields in a connection URI are a template (holdout19)', () => {
  it('is silent on "s3n://%s:%s@%s" and %(name)s fields', async () => {
    assert.deepEqual(await findingsOf('NB203', ['dbutils.fs.mount("s3n://%s:%s@%s" % (ACCESS_KEY, ENCODED_SECRET_KEY, BUCKET), "/mnt/data")']), []);
    assert.deepEqual(await findingsOf('NB203', ['url = "postgresql://%(user)s:%(password)s@%(host)s/sales" % settings']), []);
  });

  it('still reports a password written into the URI', async () => {
    assert.equal((await findingsOf('NB203', ['dbutils.fs.mount("s3n://%s:Xq82kLmv3@%s" % (ACCESS_KEY, BUCKET), "/mnt/data")'])).length, 1);
  });
});
