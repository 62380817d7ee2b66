// Eval cases (ev19): a loop over a literal list whose body renders a template written out above it
// (`prompt = greeting.format(language=lang)`, `.format(**t)` of a literal dict) and shows the answer through
// the notebook's own printer (`def print_response(response): print(response.content)`), with a closing
// `print()` per item (holdout12 multilingual-prompting.ipynb cells 4, 6, 8, 12: refused as `prompt` computed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickGrader } from '../../server/src/engine/evals/caseFormat';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const printed = (source: string, stdout: string): CellInput => ({ ...code(source, 2), outputs: [stdout], stdout });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'tutorials/languages.ipynb', 'loop');
};

const SETUP = code([
  'from langchain_openai import ChatOpenAI',
  'from langchain.prompts import PromptTemplate',
  'llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)',
  '',
  'def print_response(response):',
  '    """Shows the model\'s text."""',
  '    print(response.content)',
].join('\n'), 1);

describe('eval cases: a loop that renders a template and prints through the notebook\'s printer', () => {
  it('writes a case per item, the template rendered with it, the answer cut between the labels', async () => {
    const cell = printed([
      'farewell = PromptTemplate(',
      '    input_variables=["language"],',
      '    template="Say goodbye in {language}, in one short sentence.",',
      ')',
      'for lang in ["Italian", "Dutch"]:',
      '    prompt = farewell.format(language=lang)',
      '    response = llm.invoke(prompt)',
      '    print(f"{lang}:")',
      '    print_response(response)',
      '    print()',
    ].join('\n'), 'Italian:\nArrivederci, a presto!\n\nDutch:\nTot ziens, tot snel!\n\n');
    const p = await plan([SETUP, cell]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.input), [
      { prompt: 'Say goodbye in Italian, in one short sentence.' },
      { prompt: 'Say goodbye in Dutch, in one short sentence.' },
    ]);
    assert.deepEqual(p.cases.map((c) => c.reference), ['Arrivederci, a presto!', 'Tot ziens, tot snel!']);
    assert.deepEqual(p.cases.map((c) => c.model), ['gpt-4o-mini', 'gpt-4o-mini']);
  });

  it('fills a template from a literal dict unpacked (`.format(**t)`), its items shown in the labels', async () => {
    const cell = printed([
      'convert = PromptTemplate(',
      '    input_variables=["unit", "value"],',
      '    template="Convert {value} to {unit}. Reply with the number and unit only.",',
      ')',
      'requests = [',
      '    {"unit": "kilometres", "value": "3 miles"},',
      '    {"unit": "litres", "value": "2 gallons"},',
      ']',
      'for t in requests:',
      '    prompt = convert.format(**t)',
      '    response = llm.invoke(prompt)',
      '    print(f"{t[\'value\']} in {t[\'unit\']}:")',
      '    print_response(response)',
      '    print()',
    ].join('\n'), '3 miles in kilometres:\n4.83 km\n\n2 gallons in litres:\n7.57 L\n\n');
    const p = await plan([SETUP, cell]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.input.prompt), [
      'Convert 3 miles to kilometres. Reply with the number and unit only.',
      'Convert 2 gallons to litres. Reply with the number and unit only.',
    ]);
    assert.deepEqual(p.cases.map((c) => c.reference), ['4.83 km', '7.57 L']);
  });

  it('still refuses when only the printer and a blank line part the answers (nothing tells them apart)', async () => {
    const cell = printed([
      'farewell = PromptTemplate(input_variables=["language"], template="Say goodbye in {language}.")',
      'for lang in ["Italian", "Dutch"]:',
      '    response = llm.invoke(farewell.format(language=lang))',
      '    print_response(response)',
      '    print()',
    ].join('\n'), 'Arrivederci!\n\nTot ziens!\n\n');
    const p = await plan([SETUP, cell]);
    assert.ok('refused' in p, JSON.stringify(p));
  });

  it('still refuses a printer that shows more than the answer (its length)', async () => {
    const setup = code([
      'from langchain_openai import ChatOpenAI',
      'from langchain.prompts import PromptTemplate',
      'llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)',
      'def print_response(response):',
      '    print(response.content)',
      '    print(len(response.content))',
    ].join('\n'), 1);
    const cell = printed([
      'farewell = PromptTemplate(input_variables=["language"], template="Say goodbye in {language}.")',
      'for lang in ["Italian", "Dutch"]:',
      '    prompt = farewell.format(language=lang)',
      '    response = llm.invoke(prompt)',
      '    print(f"{lang}:")',
      '    print_response(response)',
    ].join('\n'), 'Italian:\nArrivederci!\n12\nDutch:\nTot ziens!\n10\n');
    const p = await plan([setup, cell]);
    assert.ok('refused' in p, JSON.stringify(p));
  });
});

// The Japanese reply of multilingual-prompting.ipynb cell 6 is two sentences written without spaces: prose for a
// judge, not a short text a rerun must contain word for word.
describe('eval cases: a short reply in a script written without spaces', () => {
  it('grades two sentences ended by 。 or ！ by a judge', () => {
    assert.equal(pickGrader('おはよう！今日は晴れです。', 'Reply to the greeting in the same language: おはようございます').kind, 'judge');
    assert.equal(pickGrader('你好！我很好。', 'Reply in the same language: 你好吗？').kind, 'judge');
  });
  it('keeps one short sentence (its 。 at the end) a text to contain', () => {
    assert.equal(pickGrader('東京です。', 'What is the capital of Japan? Answer in Japanese.').kind, 'contains');
  });
});
