// How an LLM course's notebooks show the answer (issue 14, twentieth holdout's refusals read wrong): a stream gathered
// into `update_display(Markdown(response), display_id=…)`, `reply = ….content or ""` then `display(Markdown(reply))`,
// a `print(` inside the prompt's string or a comment that prints nothing; and `transformers.pipeline(…)` with its module.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const shown = (source: string, ...outputs: string[]): CellInput => ({ ...code(source, 2), outputs, stdout: '' });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'week1/exercise.ipynb', 'd1');
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return p.cases[0];
};

const SETUP = code('from openai import OpenAI\nfrom IPython.display import Markdown, display, update_display\nopenai = OpenAI()\nMODEL = "gpt-4o-mini"\nsystem_prompt = "You explain Python code to beginners, briefly."\nquestion = "What does `sorted(set(xs))` return?"');
const ANSWER = 'It returns a **sorted list** of the unique items of `xs`: `set` drops the repeats, `sorted` orders them.';

describe('eval cases: the course\'s ways of showing the answer', () => {
  it('takes a stream gathered chunk by chunk into one updated display as the whole answer', async () => {
    const stream = 'stream = openai.chat.completions.create(\n    model=MODEL,\n    messages=[{"role": "system", "content": system_prompt}, {"role": "user", "content": question}],\n    stream=True\n)\nresponse = ""\nhandle = display(Markdown(""), display_id=True)\nfor chunk in stream:\n    # add the chunk to the response so far\n    response += chunk.choices[0].delta.content or ""\n    update_display(Markdown(response), display_id=handle.display_id)';
    const c = one(await plan([SETUP, shown(stream, ANSWER)]));
    assert.equal(c.reference, ANSWER);
    assert.equal(c.model, 'gpt-4o-mini');
    assert.deepEqual(c.params, { stream: true });
    // The same in a function the cell calls once.
    const wrapped = `def stream_answer():\n${stream.split('\n').map((l) => `    ${l}`).join('\n')}\n\nstream_answer()`;
    assert.equal(one(await plan([SETUP, shown(wrapped, ANSWER)])).reference, ANSWER);
    // Shown after a change (the fences and a word stripped) it is not the answer; printed anew each chunk, neither.
    const cleaned = stream.replace('update_display(Markdown(response)', 'cleaned = response.replace("```", "")\n    update_display(Markdown(cleaned)');
    assert.ok('refused' in await plan([SETUP, shown(cleaned, ANSWER)]));
    const stripped = stream.replace('update_display(Markdown(response)', 'update_display(Markdown(response.replace("```", ""))');
    assert.ok('refused' in await plan([SETUP, shown(stripped, ANSWER)]));
    const everyChunk = stream.replace('update_display(Markdown(response), display_id=handle.display_id)', 'display(Markdown(response))');
    assert.ok('refused' in await plan([SETUP, shown(everyChunk, 'It', 'It returns', ANSWER)]));
  });

  it('takes `reply = ….content or ""` shown with display(Markdown(reply))', async () => {
    const c = one(await plan([SETUP, shown('resp = openai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])\nreply = resp.choices[0].message.content or ""\ndisplay(Markdown(reply))', ANSWER)]));
    assert.equal(c.reference, ANSWER);
  });

  it('reads no print in the prompt\'s string or in a comment', async () => {
    const inString = one(await plan([SETUP, shown('prompt = question + " Then explain: print(\'\\\\n\'.join(xs))"\nresponse = openai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])\ndisplay(Markdown(response.choices[0].message.content))', ANSWER)]));
    assert.equal(inString.reference, ANSWER);
    const commented = one(await plan([SETUP, shown('response = openai.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])\n# print(response)\ndisplay(Markdown(response.choices[0].message.content))\n# print(response.choices[0].message.content)', ANSWER)]));
    assert.equal(commented.reference, ANSWER);
  });

  it('counts `transformers.pipeline(…)` as a pipeline, as `from transformers import pipeline`', async () => {
    const cells = [
      code('import transformers\nclassifier = transformers.pipeline("sentiment-analysis", model="acme/distil-sentiment")'),
      { ...code('classifier("The lamp arrived broken and support never answered.")', 2), result: "[{'label': 'NEGATIVE', 'score': 0.9991}]", outputs: [] },
    ];
    const c = one(await plan(cells));
    assert.deepEqual([c.model, c.reference, c.tags], ['acme/distil-sentiment', 'NEGATIVE', ['huggingface']]);
    // Made in the calling cell, too; the task is never read as the model.
    const same = one(await plan([code('import transformers'), { ...code('clf = transformers.pipeline("sentiment-analysis", model="acme/distil-sentiment")\nclf("Great lamp, bright and quiet.")', 2), result: "[{'label': 'POSITIVE', 'score': 0.998}]", outputs: [] }]));
    assert.deepEqual([same.model, same.reference], ['acme/distil-sentiment', 'POSITIVE']);
  });
});
