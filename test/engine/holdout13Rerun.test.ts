// NB105 false positives found labelling holdout13: a cell that pages through a list on purpose, and a column
// scaled to 0-100 by its own maximum. Each stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB105: holdout13', () => {
  it('a cell that shows the next page of a list on each run (`i += 8` and `names[i-8:i]`) is meant to be re-run', async () => {
    const setup = 'page = 0\nnames = sorted(os.listdir("images"))';
    const grid = (step: string, slice: string) => `${step}\nshown = [os.path.join("images", n) for n in names[${slice}]]\nfor k, path in enumerate(shown):\n    plt.subplot(2, 4, k + 1)\n    plt.imshow(mpimg.imread(path))`;
    assert.deepEqual(await findingsOf('NB105', [setup, grid('page += 8', 'page-8:page')]), []);
    assert.deepEqual(await findingsOf('NB105', [setup, grid('page += 8', 'page:page + 8')]), []);
    // A step the slice does not span, or no slice at all, is a counter that drifts.
    assert.deepEqual(await findingsOf('NB105', [setup, grid('page += 8', 'page-4:page')]), ['2:1:1 page']);
    assert.deepEqual(await findingsOf('NB105', [setup, 'page += 8\nprint(page)']), ['2:1:1 page']);
  });

  it('a column scaled by a constant over its own maximum (`x = 100*x/top`, `top = max(x)`) is the same on a second run', async () => {
    const load = 'weather = pd.read_csv("weather.csv")';
    assert.deepEqual(await findingsOf('NB105', [load, 'top = max(weather["humidity"])\nweather["humidity"] = 100*weather["humidity"]/top']), []);
    // Over another frame's maximum it scales again on each run.
    assert.deepEqual(await findingsOf('NB105', [load + '\nstation = pd.read_csv("station.csv")', 'top = max(station["humidity"])\nweather["humidity"] = 100*weather["humidity"]/top']), ['2:2:1 weather["humidity"] = 100*weather["humidity"]/top']);
  });
});
