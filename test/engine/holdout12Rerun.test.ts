// NB105 false positives (and one false message) found labelling holdout12.
// Each pattern stays silent or says what happens; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, findingsOf } from '../helpers/engine';

const messagesOf = async (rule: string, nb: string[]) => (await analyze(nb, { select: [rule] })).map((f) => f.message);

describe('NB105: holdout12', () => {
  it('dividing by the column maxima the cell takes from the tensor itself (torch: values, indices): a second run divides by 1', async () => {
    const load = 'feats = torch.tensor(frame[cols].values, dtype=torch.float)';
    assert.deepEqual(await findingsOf('NB105', [load, 'top, where = feats.max(dim=0)\nfeats = feats / top']), []);
    assert.deepEqual(await findingsOf('NB105', [load, '(top, where) = feats.max(dim=0)\nfeats = feats / top']), []);
    // The maxima of another tensor: each run divides again.
    assert.deepEqual(await findingsOf('NB105', [load + '\nref = load_reference()', 'top, where = ref.max(dim=0)\nfeats = feats / top']), ['2:2:1 feats']);
    // A sum is no scale a shift keeps, and the first of the pair must be the divisor.
    assert.deepEqual(await findingsOf('NB105', [load, 'where, top = feats.max(dim=0)\nfeats = feats / top']), ['2:2:1 feats']);
  });

  it('pd.concat of the list itself says the second run raises TypeError, not that rows are appended', async () => {
    const nb = ['frames = []\nfor part in parts:\n    frames.append(score(part))', 'frames = pd.concat(frames)'];
    const [message] = await messagesOf('NB105', nb);
    assert.match(message, /`concat\(\)` turns the list into one DataFrame.*raises TypeError, so running the cell twice fails\./);
    assert.doesNotMatch(message, /appends the rows/);
    // The frame in a list with another one: the rows are appended again.
    const [grown] = await messagesOf('NB105', ['frames = load()', 'frames = pd.concat([frames, extra])']);
    assert.match(grown, /appends the rows again on each run, so running the cell twice gives a different result\./);
  });
});

describe('NB105: holdout12, a merge with totals the cell groups from the frame itself', () => {
  const load = 'plays = pd.read_csv("plays.csv")';
  const totals = 'per_user = plays[["user", "plays"]].groupby("user").sum().reset_index()\nper_user.rename(columns={"plays": "user_plays"}, inplace=True)\n';

  it('joins on every common column: a second run matches the key and the totals the first run added', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, totals + 'plays = pd.merge(plays, per_user)\nplays["share"] = plays["plays"] / plays["user_plays"]']), []);
    assert.deepEqual(await findingsOf('NB105', [load, totals + 'plays = plays.merge(per_user, how="left")']), []);
  });

  it('still reported with an explicit key, without the rename, or with totals from another frame', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, totals + 'plays = pd.merge(plays, per_user, on="user")']), ['2:3:1 plays']);
    const noRename = 'per_user = plays[["user", "plays"]].groupby("user").sum().reset_index()\n';
    assert.deepEqual(await findingsOf('NB105', [load, noRename + 'plays = pd.merge(plays, per_user)']), ['2:2:1 plays']);
    const elsewhere = totals.replace('per_user = plays[', 'per_user = history[');
    assert.deepEqual(await findingsOf('NB105', [load + '\nhistory = load_history()', elsewhere + 'plays = pd.merge(plays, per_user)']), ['2:3:1 plays']);
  });
});

describe('NB105: holdout12, a pop inside a loop over a list the loop empties', () => {
  const made = 'pending = {}\nqueue = make_batches(images)';
  const loop = (after: string) => `workers = pool.copy()\n\nwhile queue:\n    if workers:\n        w = workers.pop()\n        job = w.run(queue.pop())\n        pending[job] = w\n    else:\n        done = wait_first(pending)\n        w = pending.pop(done)\n        workers.append(w)\n${after}`;

  it('the first run empties the list: a second run skips the loop, the pop never runs', async () => {
    assert.deepEqual(await findingsOf('NB105', [made, loop('')]), []);
  });

  it('still reported when the cell fills the list again, or the loop does not empty it', async () => {
    assert.deepEqual(await findingsOf('NB105', [made, loop('queue = make_batches(images)')]), ['2:6:21 queue.pop()', '2:10:13 pending.pop(done)']);
    assert.deepEqual(await findingsOf('NB105', [made, loop('').replace('queue.pop()', 'queue[0]')]), ['2:10:13 pending.pop(done)']);
  });
});
