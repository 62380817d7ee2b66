// Eval cases from a cell that asks the model several times and prints each answer with a
// statement of its own: the saved stdout split by what the cell prints, one case per call;
// refused when the output does not fit what the cell prints, in count and order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upsertCase } from '../../server/src/engine/evals/caseFormat';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

/** A cell whose saved output is these stdout streams (as a notebook saves what a cell prints). */
const printed = (source: string, ...streams: string[]): CellInput => ({ ...code(source, 1), outputs: streams, stdout: streams.join('') });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'reports/tax_qa.ipynb', 'q-cell');
};

// LlamaIndex's recursive retriever logs each step in colour while it answers.
const retrievalLog = (question: string) => `\x1b[1;3;38;2;11;159;203mRetrieval entering 2f9c01aa-6b1e-4d2a-9a57-0c1d2e3f4a5b: TextNode\n\x1b[0m\x1b[1;3;38;2;237;90;200mRetrieving from object TextNode with query ${question}\n\x1b[0m`;

// Two models asked the same question (query engines were the real shape; they are refused now: their retrieved context is not in a case).
const ENGINES = code([
  'from llama_index.llms.openai import OpenAI',
  'plain_engine = OpenAI(model="gpt-4o-mini", temperature=0)',
  'table_engine = OpenAI(model="gpt-4o", temperature=0)',
].join('\n'));

const TWO_ENGINES = [
  'question = "What was the operating margin in 2022?"',
  '',
  'answer_plain = plain_engine.complete(question)',
  'print("\\n===== Plain index =====")',
  'print(answer_plain)',
  '',
  'answer_tables = table_engine.complete(question)',
  'print("\\n===== Tables as nodes =====")',
  'print(answer_tables)',
].join('\n');

describe('eval cases: a cell that asks the model several times', () => {
  it('writes one case per engine for two engines asked the same question, each answer after its own header, the retrieval log dropped', async () => {
    const q = 'What was the operating margin in 2022?';
    const p = await plan([ENGINES, printed(TWO_ENGINES, `\n===== Plain index =====\nThe operating margin was 12 %.\n${retrievalLog(q)}${retrievalLog(q)}\n===== Tables as nodes =====\nOperating margin 2022: 11.8 %\nOperating margin 2021: 9.4 %\n`)]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases.length, 2);
    const [plain, tables] = p.cases;
    assert.deepEqual([plain.input, tables.input], [{ prompt: q }, { prompt: q }]);
    assert.deepEqual([plain.source.callee, tables.source.callee], ['plain_engine.complete', 'table_engine.complete']);
    assert.equal(plain.reference, 'The operating margin was 12 %.');
    assert.equal(tables.reference, 'Operating margin 2022: 11.8 %\nOperating margin 2021: 9.4 %');
    assert.deepEqual([plain.model, tables.model], ['gpt-4o-mini', 'gpt-4o']);
    // Same input, other engine: other ids, both from the cell id.
    assert.notEqual(plain.id, tables.id);
    assert.match(plain.id, /^q-cell-[0-9a-f]{8}$/);
    assert.match(tables.id, /^q-cell-[0-9a-f]{8}$/);
  });

  it('keeps the ids when the cell is planned again, so adding the cases twice updates them', async () => {
    const output = '\n===== Plain index =====\nTwelve percent.\n\n===== Tables as nodes =====\n11.8 %\n';
    const first = await plan([ENGINES, printed(TWO_ENGINES, output)]);
    const again = await plan([ENGINES, printed(TWO_ENGINES, output.replace('Twelve percent.', 'About twelve percent.'))]);
    assert.ok('cases' in first && 'cases' in again);
    assert.deepEqual(again.cases.map((c) => c.id), first.cases.map((c) => c.id));
    const file = [...first.cases, ...again.cases].reduce<string | undefined>(upsertCase, undefined)!;
    const lines = file.trim().split('\n').map((l) => JSON.parse(l) as { reference: string });
    assert.deepEqual(lines.map((l) => l.reference), ['About twelve percent.', '11.8 %']);
  });

  it('writes one case per item of a loop over a literal list (comments in it skipped), its variable bound in the prompt and the header', async () => {
    const setup = code([
      'from langchain_openai import ChatOpenAI',
      'from langchain_core.prompts import ChatPromptTemplate',
      'from langchain_core.output_parsers import StrOutputParser',
      'chat = ChatOpenAI(model="gpt-4o-mini", temperature=0)',
      'prompt = ChatPromptTemplate.from_template("Translate \'{text}\' into {language}. Reply with the translation only.")',
      'chain = prompt | chat | StrOutputParser()',
      // A list with items commented out is still a literal list.
      'languages = [\n    "French",\n    # "Italian",\n    "German",\n]',
    ].join('\n'));
    const cell = printed([
      'for language in languages:',
      '    print(f"--- {language} ---")',
      '    result = chain.invoke({"text": "The train leaves at noon.", "language": language})',
      '    print(result)',
      '    print("=" * 20)',
    ].join('\n'), '--- French ---\nLe train part à midi.\n====================\n--- German ---\nDer Zug fährt um zwölf Uhr ab.\n====================\n');
    const p = await plan([setup, cell]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.input.variables), [{ text: 'The train leaves at noon.', language: 'French' }, { text: 'The train leaves at noon.', language: 'German' }]);
    assert.deepEqual(p.cases.map((c) => c.reference), ['Le train part à midi.', 'Der Zug fährt um zwölf Uhr ab.']);
    assert.deepEqual(p.cases.map((c) => c.model), ['gpt-4o-mini', 'gpt-4o-mini']);
    assert.notEqual(p.cases[0].id, p.cases[1].id);
  });

  it('reads a prompt the loop body builds from the item before the call (ev18: holdout12 prompt-engineering lessons)', async () => {
    const setup = code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")');
    const cell = printed([
      'questions = ["Is a tomato a fruit?", "Is a peanut a nut?"]',
      'for question in questions:',
      '    check_prompt = f"Answer yes or no, then one sentence why: {question}"',
      '    print(f"Q: {question}")',
      '    print(llm.invoke(check_prompt).content)',
      '    print("-" * 10)',
    ].join('\n'), 'Q: Is a tomato a fruit?\nYes. Botanically it develops from the flower and holds seeds.\n----------\nQ: Is a peanut a nut?\nNo. It is a legume that grows underground.\n----------\n');
    const p = await plan([setup, cell]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.input.prompt), ['Answer yes or no, then one sentence why: Is a tomato a fruit?', 'Answer yes or no, then one sentence why: Is a peanut a nut?']);
    assert.deepEqual(p.cases.map((c) => c.reference), ['Yes. Botanically it develops from the flower and holds seeds.', 'No. It is a legume that grows underground.']);
    // A name the body computes otherwise (a call's result) has no value: the call that sends it stays refused.
    const computed = printed([
      'questions = ["Is a tomato a fruit?", "Is a peanut a nut?"]',
      'for question in questions:',
      '    check_prompt = build_prompt(question)',
      '    print(llm.invoke(check_prompt).content)',
    ].join('\n'), 'Yes.\nNo.\n');
    const q = await plan([code('from langchain_openai import ChatOpenAI\nfrom helpers import build_prompt\nllm = ChatOpenAI(model="gpt-4o-mini")\ncheck_prompt = "Say hi."'), computed]);
    assert.ok('refused' in q, JSON.stringify(q));
  });

  it('splits two prompts asked one after the other, one printed with a label, one asked inside its print', async () => {
    const setup = code('import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-flash")');
    const cell = printed([
      'first = model.generate_content("Name one book with a hard magic system.")',
      'print(f"With a genre: {first.text}")',
      'print("## Without a genre:\\n", model.generate_content("Recommend me one book.").text, sep="\\n")',
    ].join('\n'), 'With a genre: Mistborn by Brandon Sanderson.\n', '## Without a genre:\n\nThe Hobbit by J. R. R. Tolkien.\n');
    const p = await plan([setup, cell]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.input.prompt), ['Name one book with a hard magic system.', 'Recommend me one book.']);
    assert.deepEqual(p.cases.map((c) => c.reference), ['Mistborn by Brandon Sanderson.', 'The Hobbit by J. R. R. Tolkien.']);
  });
});

describe('eval cases: several answers that cannot be told apart are refused', () => {
  it('refuses when the saved output shows a header the cell no longer prints (edited after the run)', async () => {
    const p = await plan([ENGINES, printed(TWO_ENGINES.replace('Plain index', 'Plain vector index'), '\n===== Plain index =====\nTwelve percent.\n\n===== Tables as nodes =====\n11.8 %\n')]);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
    assert.match(p.refused, /asks the model 2 times and its saved output cannot be split into their answers: the saved output does not show "===== Plain vector index/);
  });

  it('refuses when the output holds fewer answers than the cell prints', async () => {
    const p = await plan([ENGINES, printed(TWO_ENGINES, '\n===== Plain index =====\nTwelve percent.\n')]);
    assert.ok('refused' in p && /cannot be split/.test(p.refused), JSON.stringify(p));
  });

  it('refuses the printed text of a cell that failed on its second call', async () => {
    const cell: CellInput = { ...printed(TWO_ENGINES, '\n===== Plain index =====\nTwelve percent.\n'), outputs: ['\n===== Plain index =====\nTwelve percent.\n', 'RateLimitError: Error code: 429 - rate limit reached', '---------------------------------------------------------------------------\nRateLimitError                            Traceback (most recent call last)'], error: 'RateLimitError: Error code: 429' };
    const p = await plan([ENGINES, cell]);
    assert.ok('refused' in p && /error/.test(p.refused), JSON.stringify(p));
  });

  it('refuses two answers printed one after the other with no known text between them', async () => {
    const cell = printed('a = plain_engine.complete("Revenue in 2022?")\nb = table_engine.complete("Revenue in 2022?")\nprint(a)\nprint(b)', '$4.2 billion\n$4.2 billion in 2022\n');
    const p = await plan([ENGINES, cell]);
    assert.ok('refused' in p && /no known text between them/.test(p.refused), JSON.stringify(p));
  });

  it('refuses when a header also appears inside an answer (the split would be ambiguous)', async () => {
    const cell = printed('a = plain_engine.complete("What is the Plain index?")\nprint("Plain index:")\nprint(a)\nb = table_engine.complete("What is the Plain index?")\nprint("Tables:")\nprint(b)', 'Plain index:\nTwo kinds of content:\nTables:\nrows and columns.\nTables:\nRows and columns.\n');
    const p = await plan([ENGINES, cell]);
    assert.ok('refused' in p && /appears inside an answer/.test(p.refused), JSON.stringify(p));
  });

  it('refuses a cell that also displays (Markdown) or prints through the notebook\'s own function', async () => {
    const display = printed('from IPython.display import Markdown, display\na = plain_engine.complete("Revenue in 2022?")\nprint("Plain:")\nprint(a)\nb = table_engine.complete("Revenue in 2022?")\ndisplay(Markdown(str(b)))', 'Plain:\n$4.2 billion\n');
    const p = await plan([ENGINES, display]);
    assert.ok('refused' in p && /otherwise than by `print`/.test(p.refused), JSON.stringify(p));
    const helper = code('def show(label, response):\n    print(label)\n    print(response)');
    const own = printed('a = plain_engine.complete("Revenue in 2022?")\nshow("Plain:", a)\nb = table_engine.complete("Revenue in 2022?")\nshow("Tables:", b)', 'Plain:\n$4.2 billion\nTables:\n$4.2 billion in 2022\n');
    const q = await plan([ENGINES, helper, own]);
    assert.ok('refused' in q && q.modelCall && /shows nothing itself/.test(q.refused), JSON.stringify(q));
  });

  it('refuses a chain asked twice that remembers the first question (a thread of a checkpointer)', async () => {
    const setup = code([
      'from langchain_openai import ChatOpenAI',
      'from langchain_core.prompts import ChatPromptTemplate',
      'from langgraph.checkpoint.memory import MemorySaver',
      'llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)',
      'planner = ChatPromptTemplate.from_template("{question}") | llm',
      'memory = MemorySaver()',
    ].join('\n'));
    const cell = printed('first = planner.invoke({"question": "Suggest a city for a weekend trip."}, {"configurable": {"thread_id": "t1"}})\nprint("Trip:")\nprint(first.content)\nmore = planner.invoke({"question": "Tell me more about it."}, {"configurable": {"thread_id": "t1"}})\nprint("More:")\nprint(more.content)', 'Trip:\nLisbon.\nMore:\nLisbon has trams and tiled facades.\n');
    const p = await plan([setup, cell]);
    assert.ok('refused' in p && /keeps a memory/.test(p.refused), JSON.stringify(p));
  });

  it('refuses a LangGraph ReAct agent (`create_react_agent(llm, tools)`): its answer comes from tools it ran', async () => {
    const setup = code('from langchain_openai import ChatOpenAI\nfrom langgraph.prebuilt import create_react_agent\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)\nagent = create_react_agent(llm, [search_flights])');
    const cell: CellInput = { ...code('agent.invoke({"messages": [("user", "Find me a flight to Oslo.")]})["messages"][-1].content', 1), result: "'The cheapest flight to Oslo leaves at 9:40.'" };
    const p = await plan([setup, cell]);
    assert.ok('refused' in p && /agent with tools/.test(p.refused), JSON.stringify(p));
  });

  it('refuses a loop over a list the notebook computes', async () => {
    const cell = printed('for question in load_questions("faq.csv"):\n    print(f"Q: {question}")\n    print(plain_engine.complete(question))', 'Q: Revenue?\n$4.2 billion\nQ: Margin?\n12 %\n');
    const p = await plan([ENGINES, cell]);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
  });
});
