// NB105 false positive found labelling holdout15: embeddings divided by their own norm inline
// (`v /= v.norm(dim=-1, keepdim=True)`): after one run the norm is 1, so a second run divides by 1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB105: holdout15', () => {
  const embed = 'text_emb = model.get_text_features(**inputs)\nimage_emb = model.get_image_features(**pixels)';
  it('a value divided by its own norm, sum or max written inline lands on the same value', async () => {
    assert.deepEqual(await findingsOf('NB105', [embed, 'text_emb /= text_emb.norm(dim=-1, keepdim=True)\nimage_emb = image_emb / np.linalg.norm(image_emb, axis=1, keepdims=True)\nscore = text_emb @ image_emb.T']), []);
    assert.deepEqual(await findingsOf('NB105', ['probs = counts.astype(float)', 'probs /= probs.sum()']), []);
  });
  it('divided by another value\'s norm, or by a constant, it changes on each run', async () => {
    assert.deepEqual(await findingsOf('NB105', [embed, 'text_emb /= image_emb.norm(dim=-1, keepdim=True)']), ['2:1:1 text_emb']);
    assert.deepEqual(await findingsOf('NB105', [embed, 'text_emb /= 2']), ['2:1:1 text_emb']);
  });
});
