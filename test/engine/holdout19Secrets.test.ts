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

// NB203 false positive of the holdout19 labels: a dict missing a comma after its placeholder token,
// `"HF_TOKEN":"your_token_here"` then `"SM_VLLM_MODEL": "Qwen/Qwen2.5-VL-3B-Instruct",` on the next line,
// does not compile; the parser's recovery pairs the first key with the next entry's model id. A pair that holds
// a syntax error does not say which string its key names.
describe('NB203: a pair broken by a missing comma does not name the next value (holdout19)', () => {
  const dict = (token: string) => [
    `environment = {\n    "HF_TOKEN":"${token}"\n    # "USE_HF_TRANSFER": "true",\n    "SM_VLLM_MODEL": "Qwen/Qwen2.5-VL-3B-Instruct",\n    "SM_VLLM_MAX_NUM_SEQS": "8",\n}`,
  ];

  it('is silent when the recovered pair puts a model id under HF_TOKEN', async () => {
    assert.deepEqual(await findingsOf('NB203', dict('your_token_here')), []);
  });

  it('still reports a real token in a dict that compiles', async () => {
    const found = await findingsOf('NB203', ['environment = {\n    "HF_TOKEN": "hf_kT9qWv3LmZp8RxYc2NbHs7JdQe4UaFgVo",\n    "SM_VLLM_MODEL": "Qwen/Qwen2.5-VL-3B-Instruct",\n}']);
    assert.equal(found.length, 1);
  });
});
