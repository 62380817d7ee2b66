// NB205 false positives in holdout20's labels (issue 12, r20): a SHAP explainer's chunk of model evaluations, and the
// seed and noise of a synthetic dataset made through the notebook's own wrapper of `make_moons`. The model settings
// beside them stay reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placesOf } from '../helpers/engine';

describe('NB205: holdout20 precision (r20)', () => {
  it('leaves out the batch_size of a SHAP explainer call, keeps a training batch_size', async () => {
    const explain = [
      'import shap',
      'masker = shap.maskers.Image("blur(64,64)", images[0].shape)',
      'explainer = shap.Explainer(predict, masker, output_names=labels)',
      'shap_values = explainer(images[:4], max_evals=800, batch_size=64)',
      'shap.image_plot(shap_values)',
    ].join('\n');
    assert.deepEqual(await placesOf('NB205', [explain]), []);
    const train = 'history = model.fit(images, targets, epochs=10, batch_size=64)';
    assert.deepEqual(await placesOf('NB205', [explain, train]), ['2:1:45 10', '2:1:60 64']);
  });

  it('leaves out the seed and noise passed on to make_moons by the notebook\'s own dataset class', async () => {
    const wrapper = [
      'class RotatedMoons(Dataset):',
      '    def __init__(self, group, angle=0.0, n_samples=100, noise=None, random_state=None):',
      '        points, labels = make_moons(n_samples=n_samples, noise=noise, random_state=random_state)',
      '        self.points = rotate(points, angle)',
      '        self.labels = labels',
      '',
      '    def __len__(self):',
      '        return len(self.points)',
    ].join('\n');
    const unseen = 'unseen = RotatedMoons(9, angle=75.0, n_samples=200, noise=0.3, random_state=0)\nloader = DataLoader(unseen, shuffle=False)';
    assert.deepEqual(await placesOf('NB205', [wrapper, unseen]), []);
  });

  it('keeps a keyword the wrapper does not hand on to the generator, and another class\'s seed', async () => {
    const wrapper = [
      'def noisy_blobs(n_samples=300, random_state=None, epochs=5):',
      '    X, y = make_blobs(n_samples=n_samples, centers=3, random_state=random_state)',
      '    return fit_for(X, y, epochs)',
    ].join('\n');
    const call = 'X, y = noisy_blobs(random_state=1, epochs=40)\nforest = RandomForestClassifier(random_state=1).fit(X, y)';
    assert.deepEqual(await placesOf('NB205', [wrapper, call]), ['2:1:43 40', '2:2:46 1']);
  });
});
