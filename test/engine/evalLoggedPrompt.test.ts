// Eval cases (ev19): a later turn of a LangChain chain with memory, made with verbose=True, logs the one
// prompt it sent (`Prompt after formatting:`, in green) with the memory's turns in it: that text is the
// case's prompt (seen samwit YT_LangChain_Basic_Conversation_Chatbot_with_Memory_Demo cells 10-53, gkamradt
// Quickstart Guide cells 30-32: refused as "asked before"). Without the log, the later turn stays refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string, ...streams: string[]): CellInput => ({ ...code(source, 2), result, outputs: streams, stdout: streams.join('') });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/support_bot.ipynb', 't2');
};

const LLM = code('from langchain.llms import OpenAI\nfrom langchain.chains import ConversationChain\nfrom langchain.memory import ConversationBufferMemory\nllm = OpenAI(model_name="text-davinci-003", temperature=0, max_tokens=256)');
const HEAD = 'The following is a friendly conversation between a human and an AI. The AI is talkative and provides lots of specific details from its context. If the AI does not know the answer to a question, it truthfully says it does not know.\n\nCurrent conversation:\n';
/** What a verbose ConversationChain prints while it runs: the prompt it sent, in colour. */
const log = (prompt: string) => `\n\n\x1b[1m> Entering new ConversationChain chain...\x1b[0m\nPrompt after formatting:\n\x1b[32;1m\x1b[1;3m${prompt}\x1b[0m\n\n\x1b[1m> Finished chain.\x1b[0m\n`;
const FIRST = `${HEAD}\nHuman: Hello, my order 1182 has not arrived\nAI:`;
const SECOND = `${HEAD}\nHuman: Hello, my order 1182 has not arrived\nAI:  I'm sorry to hear that! When did you place it?\nHuman: Last Monday\nAI:`;

describe('eval cases: a later turn of a verbose chain with memory', () => {
  it('holds the prompt the chain logged, earlier turns included, and the later answer', async () => {
    const chain = code('bot = ConversationChain(llm=llm, verbose=True, memory=ConversationBufferMemory())');
    const p = await plan([
      LLM, chain,
      returned('bot.predict(input="Hello, my order 1182 has not arrived")', '" I\'m sorry to hear that! When did you place it?"', log(FIRST)),
      returned('bot.predict(input="Last Monday")', "' Thanks. Orders placed last Monday ship within ten days.'", log(SECOND)),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    const [c] = p.cases;
    assert.equal(c.input.prompt, SECOND);
    assert.deepEqual(c.input.variables, { input: 'Last Monday' });
    assert.equal(c.reference, 'Thanks. Orders placed last Monday ship within ten days.');
    assert.equal(c.model, 'text-davinci-003');
  });

  it('still refuses the later turn of a chain that logs nothing (not verbose)', async () => {
    const chain = code('bot = ConversationChain(llm=llm, memory=ConversationBufferMemory())');
    const p = await plan([
      LLM, chain,
      returned('bot.predict(input="Hello, my order 1182 has not arrived")', '" I\'m sorry to hear that!"'),
      returned('bot.predict(input="Last Monday")', "' Thanks.'"),
    ]);
    assert.ok('refused' in p && /asked before/.test(p.refused), JSON.stringify(p));
  });

  it('still refuses a later turn whose output logs two prompts (which one was answered is not known)', async () => {
    const chain = code('bot = ConversationChain(llm=llm, verbose=True, memory=ConversationBufferMemory())');
    const p = await plan([
      LLM, chain,
      returned('bot.predict(input="Hello, my order 1182 has not arrived")', '" I\'m sorry to hear that!"', log(FIRST)),
      returned('bot.predict(input="Last Monday")', "' Thanks.'", log(FIRST), log(SECOND)),
    ]);
    assert.ok('refused' in p, JSON.stringify(p));
  });
});
