// NB104 false positives found labelling holdout9A (engine of 2026-11-28 04:25), fixed after that measurement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, findingsOf, notebook } from '../helpers/engine';

describe('NB104: the saved counts do not show where the value came from', () => {
  // Cell 1 loads the CSV, cell 2 reads `df`, cell 3 below rebinds `df` to another frame.
  const replaceLesson = (loadCount: number, readCount: number, lowerCount: number, fillers: number[]) => notebook(
    code('df = pd.read_csv("weather_data.csv")', loadCount),
    code('df.replace(-99999, 0)', readCount),
    code('df = pd.DataFrame({"score": ["exceptional", "average"]})', lowerCount),
    ...fillers.map((n) => code(`print(${n})`, n)),
  );
  it('is silent when the cell above that sets the name ran again after the reader and some run in between left no count', async () => {
    // Cell 3 ran at [42], the reader at [84], the CSV cell again at [87]; runs [44]-[83] left no count: the
    // reader's `df` may well come from an earlier run of the CSV cell (its saved output shows the weather frame).
    assert.deepEqual(await findingsOf('NB104', replaceLesson(87, 84, 42, [43])), []);
  });
  it('still reports when every count between the cell below and the reader is saved, or the cell above never ran again', async () => {
    // [43] is the only count between [42] and [44], and it sets nothing: the reader saw cell 3's frame.
    assert.deepEqual(await findingsOf('NB104', replaceLesson(87, 44, 42, [43])), ['2:1:1 df']);
    // Runs are missing between, but the CSV cell's last run is before the cell below: nothing set `df` again.
    assert.deepEqual(await findingsOf('NB104', replaceLesson(40, 84, 42, [43])), ['2:1:1 df']);
  });
});
