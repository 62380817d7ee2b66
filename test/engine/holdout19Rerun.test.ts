// NB105 false positive found labelling holdout19: a course's homework makes `my_output = OutputLogger()`, a class the
// notebook defines whose `append(key, value)` is `self.ans[key] = value`, and each answer cell calls
// `my_output.append("num-users", n)`. The method is the notebook's own, not list.append: a rerun is not known to grow
// anything. A list, or an object of a class whose own code does not define the method, is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

const LOGGER = `import pickle


class OutputLogger:
    def __init__(self):
        self.ans = {}

    def append(self, key, value):
        self.ans[key] = value

    def write_to_disk(self):
        with open("answer.pickle", "wb") as f:
            pickle.dump(self.ans, f)


my_output = OutputLogger()`;

describe('NB105: a method of a class the notebook defines (holdout19)', () => {
  it('is silent on the notebook\'s own append', async () => {
    assert.deepEqual(await findingsOf('NB105', [LOGGER, 'users_count = 12\nmy_output.append("num-unique-users", users_count)']), []);
  });

  it('still reports a list, and a class of the notebook that does not define append itself', async () => {
    assert.deepEqual(await findingsOf('NB105', ['answers = []', 'answers.append(12)', 'print(sum(answers))']), ['2:1:1 answers.append(12)']);
    const inherited = 'class Answers(list):\n    def total(self):\n        return sum(self)\n\n\nanswers = Answers()';
    assert.deepEqual(await findingsOf('NB105', [inherited, 'answers.append(12)']), ['2:1:1 answers.append(12)']);
  });
});
