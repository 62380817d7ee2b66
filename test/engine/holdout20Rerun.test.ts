// NB105 false positives found labelling holdout20.
// 1. A chat sample's markdown says "continue the conversation below by editing the user_message and running the cell
//    as many times as you would like", and the cell below appends the turn to `messages`: growing the conversation on
//    each run is the cell's purpose. The same append under markdown that asks nothing is still reported.
// 2. A dedup tutorial builds `fuzzy_dup = FuzzyDuplicates(...)` and later `result = fuzzy_dup.remove(dataset, dups)`:
//    a method taking two arguments is not `list.remove` (one argument), so no item is gone on a second run. A PyTables
//    `row.append()` with no argument is not `list.append` either. `items.remove(x)` is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, findingsOf, markdown, notebook } from '../helpers/engine';

const CHAT_SETUP = `system_message = "You are a helpful assistant that writes blog posts."
messages = [{"role": "system", "content": system_message}]`;
const CHAT_TURN = `user_message = "Make the post shorter and friendlier."
messages.append({"role": "user", "content": user_message})
reply = client.chat.completions.create(model=deployment, messages=messages)
messages.append({"role": "assistant", "content": reply.choices[0].message.content})`;

describe('NB105: markdown above asks to run the cell many times (holdout20)', () => {
  it('is silent when the markdown right above asks for repeated runs', async () => {
    const nb = notebook(code(CHAT_SETUP), markdown('You can keep chatting by editing `user_message` and running the cell as many times as you would like.'), code(CHAT_TURN));
    assert.deepEqual(await findingsOf('NB105', nb), []);
    const nb2 = notebook(code(CHAT_SETUP), markdown('## Shuffle\n\nRun the cell below multiple times and notice how the conversation grows.'), code(CHAT_TURN));
    assert.deepEqual(await findingsOf('NB105', nb2), []);
  });

  it('still reports the append under markdown that asks nothing, or with a code cell in between', async () => {
    const nb = notebook(code(CHAT_SETUP), markdown('Now send the next message and print the reply.'), code(CHAT_TURN));
    assert.deepEqual(await findingsOf('NB105', nb), ['3:2:1 messages.append({"role": "user", "content": user_message})']);
    const between = notebook(code(CHAT_SETUP), markdown('Run the cell below as many times as you like.'), code('print(len(messages))'), code(CHAT_TURN));
    assert.deepEqual(await findingsOf('NB105', between), ['4:2:1 messages.append({"role": "user", "content": user_message})']);
  });
});

describe('NB105: a library object\'s remove is not list.remove (holdout20)', () => {
  const DEDUP = `from nemo_curator import FuzzyDuplicates, FuzzyDuplicatesConfig
config = FuzzyDuplicatesConfig(cache_dir="cache", id_field="id", text_field="text")
fuzzy_dup = FuzzyDuplicates(logger="logs", config=config)
duplicates = fuzzy_dup(dataset=input_dataset)`;

  it('is silent on a two-argument remove', async () => {
    assert.deepEqual(await findingsOf('NB105', [DEDUP, 'result = fuzzy_dup.remove(input_dataset, duplicates)\nresult.to_parquet("out")']), []);
  });

  it('is silent on an append with no argument', async () => {
    assert.deepEqual(await findingsOf('NB105', ['pointer = table.row', 'for i in range(rows):\n    pointer["No1"] = ran_int[i, 0]\n    pointer.append()\ntable.flush()']), []);
  });

  it('still reports list.remove as a statement', async () => {
    assert.deepEqual(await findingsOf('NB105', ['columns = ["id", "text", "url"]', 'columns.remove("url")\nprint(columns)']), ['2:1:1 columns.remove("url")']);
  });
});

// 3. An optimiser comparison appends each step's loss to `loss_trace`, and nothing from that cell on reads the list (the
//    plot reads another one): a second run grows a list no one looks at. A list read later, or by a function, is still reported.
describe('NB105: a list grown where nothing reads it afterwards (holdout20)', () => {
  const SETUP = 'loss_trace = []';
  const STEP = 'score_list = []\nfor epoch in range(20):\n    loss = train_epoch(model, loader, opt)\n    loss_trace.append(loss)\n    score_list.append({"epoch": epoch, "train_loss": loss})';

  it('is silent when no later code reads the list', async () => {
    assert.deepEqual(await findingsOf('NB105', [SETUP, STEP, 'df = pd.DataFrame(score_list)\ndf.plot(x="epoch", y="train_loss")']), []);
  });

  it('still reports it when a magic reads the list, a later cell does not parse, or the cell grows a list read later', async () => {
    assert.deepEqual(await findingsOf('NB105', [SETUP, STEP, '%store loss_trace']), ['2:4:5 loss_trace.append(loss)']);
    assert.deepEqual(await findingsOf('NB105', [SETUP, STEP, 'model.compile(  # TODO: your code here\n']), ['2:4:5 loss_trace.append(loss)']);
    const sibling = STEP.replace('score_list = []\n', '');
    assert.deepEqual(await findingsOf('NB105', ['loss_trace = []\nscore_list = []', sibling, 'plt.plot([s["train_loss"] for s in score_list])']),
      ['2:3:5 loss_trace.append(loss)', '2:4:5 score_list.append({"epoch": epoch, "train_loss": loss})']);
  });

  it('still reports an object the notebook did not make as a list', async () => {
    assert.deepEqual(await findingsOf('NB105', ['docs = pxt.create_table("rag.docs", {"source_doc": pxt.Document})', 'docs.extend([{"source_doc": url} for url in urls])']),
      ['2:1:1 docs.extend([{"source_doc": url} for url in urls])']);
  });

  it('still reports the list when a later cell or a function reads it', async () => {
    assert.deepEqual(await findingsOf('NB105', [SETUP, STEP, 'plt.plot(loss_trace)']), ['2:4:5 loss_trace.append(loss)']);
    assert.deepEqual(await findingsOf('NB105', ['def last_loss():\n    return loss_trace[-1]', SETUP, STEP]), ['3:4:5 loss_trace.append(loss)']);
  });
});
