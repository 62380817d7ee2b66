// The knowledge tables NB202 and NB205 read: each entry matches its example, and
// look-alikes that are not public data or not model ids match no entry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_FAMILIES, modelFamily } from '../../server/src/engine/knowledge/modelIds';
import { PUBLIC_DATA_LOCATIONS, isPublicDataLocation } from '../../server/src/engine/knowledge/publicData';

describe('knowledge/modelIds', () => {
  for (const entry of MODEL_FAMILIES) {
    it(`${entry.family}: ${entry.example}`, () => {
      assert.equal(modelFamily(entry.example), entry.family);
    });
  }

  it('reads ids behind provider and hub prefixes', () => {
    assert.equal(modelFamily('models/gemini-2.0-flash-001'), 'Google Gemini');
    assert.equal(modelFamily('publishers/google/models/imagen-3.0-generate-002'), 'Google Imagen and Veo');
    assert.equal(modelFamily('us.anthropic.claude-3-7-sonnet-20250219-v1:0'), 'Anthropic Claude');
    assert.equal(modelFamily('amazon.titan-embed-text-v2:0'), 'Amazon Nova and Titan');
    assert.equal(modelFamily('meta-llama/Llama-3.2-1B-Instruct'), 'Meta Llama');
    assert.equal(modelFamily('mistralai/Mixtral-8x7B-Instruct-v0.1'), 'Mistral');
  });

  it('does not take file names, paths, words or sentences for model ids', () => {
    for (const notAnId of ['llama3.csv', 'gemma-2b.gguf', 'data/raw/llama-2/train.jsonl', 'gemini', 'claude', 'command line', 'phi', 'o2', 'gs://b/llama-3/x', 'falcon']) {
      assert.equal(modelFamily(notAnId), undefined, notAnId);
    }
  });
});

describe('knowledge/publicData', () => {
  for (const entry of PUBLIC_DATA_LOCATIONS) {
    it(`${entry.who}: ${entry.example}`, () => {
      assert.ok(entry.pattern.test(entry.example));
    });
  }

  it('does not take a team bucket for public data', () => {
    for (const uri of ['gs://acme-ml/train.csv', 's3://sagemaker-us-east-1-123456789012/out', 'gs://acme-samples-data/x', 'dbfs:/mnt/raw']) {
      assert.equal(isPublicDataLocation(uri), false, uri);
    }
  });
});
