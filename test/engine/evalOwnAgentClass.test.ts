// Eval cases, leftovers of the holdout14 read (issue 14): a notebook's own agent-executor class asked
// with `.invoke` is no model call; a cell that asks several times and returns one value pairs that value
// with the call that produced it; a chain prompt partly filled with a literal (`.partial(schema=schema)`) is rendered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string, ...streams: string[]): CellInput => ({ ...code(source, 9), result, outputs: streams, stdout: streams.join('') });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/agent.ipynb', 'c7');
};

const SETUP = code('import json\nfrom langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate\nfrom langchain_core.messages import ToolMessage\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)');

const EXECUTOR = code(`class ToolLoopExecutor:
    def __init__(self, max_steps: int = 4):
        self.max_steps = max_steps
        self.steps = prompt | llm.bind_tools(tools, tool_choice="any")

    def invoke(self, question: str) -> str:
        scratch = []
        for _ in range(self.max_steps):
            call = self.steps.invoke({"question": question, "scratch": scratch})
            name = call.tool_calls[0]["name"]
            result = by_name[name](**call.tool_calls[0]["args"])
            scratch += [call, ToolMessage(content=str(result), tool_call_id=call.tool_calls[0]["id"])]
            if name == "final_answer":
                break
        return json.dumps(result)`);

describe('eval cases: the notebook\'s own agent class is not a model call', () => {
  it('refuses `.invoke` on an instance of a class the notebook defines, which loops over the model and tools', async () => {
    const p = await plan([SETUP, EXECUTOR, code('executor = ToolLoopExecutor()'), returned('executor.invoke(question="What is 7 * 6?")', `'{"answer": "7 * 6 is 42.", "tools_used": ["multiply"]}'`, "0: multiply({'a': 7, 'b': 6})\n")]);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
    assert.match(p.refused, /instance of the notebook's own class `ToolLoopExecutor`.*its own loop/);
  });

  it('still writes the case of the model object asked directly beside such a class', async () => {
    const p = await plan([SETUP, EXECUTOR, code('executor = ToolLoopExecutor()'), returned('llm.invoke("Say hello in French.")', "AIMessage(content='Bonjour !', additional_kwargs={}, response_metadata={'model_name': 'gpt-4o-mini-2024-07-18'})")]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.equal(p.cases[0].reference, 'Bonjour !');
  });
});

describe('eval cases: a cell that asks several times and returns one value', () => {
  it('pairs the returned value with the last statement\'s call, not the first call\'s prompt', async () => {
    const p = await plan([SETUP, returned('llm.invoke("Name a red fruit.")\nllm.invoke("Name a yellow fruit.")', "AIMessage(content='A banana.', additional_kwargs={}, response_metadata={'model_name': 'gpt-4o-mini-2024-07-18'})")]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.equal(p.cases[0].input.prompt, 'Name a yellow fruit.');
    assert.equal(p.cases[0].reference, 'A banana.');
  });

  it('pairs a shown name with the call that bound it last', async () => {
    const p = await plan([SETUP, returned('first = llm.invoke("Name a red fruit.")\nsecond = llm.invoke("Name a green fruit.")\nsecond.content', "'A lime.'")]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.equal(p.cases[0].input.prompt, 'Name a green fruit.');
    assert.equal(p.cases[0].reference, 'A lime.');
  });

  it('refuses the last turn of a conversation chain asked several times in the cell (its answer rests on the turns before)', async () => {
    const p = await plan([
      code('from langchain_openai import ChatOpenAI\nfrom langchain.chains import ConversationChain\nfrom langchain.memory import ConversationBufferMemory\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)'),
      code('memory = ConversationBufferMemory()\nconvo = ConversationChain(llm=llm, memory=memory)'),
      returned('convo.invoke({"input": "Hi, I am Ana."})\nconvo.invoke({"input": "I grow tomatoes."})\nconvo.invoke({"input": "What do I grow?"})', "{'input': 'What do I grow?', 'history': 'Human: Hi, I am Ana.\\nAI: Hello Ana!\\nHuman: I grow tomatoes.\\nAI: Lovely!', 'response': 'You grow tomatoes.'}"),
    ]);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
    assert.match(p.refused, /asked before/);
  });
});

describe('eval cases: a chain prompt partly filled with a literal', () => {
  const TEMPLATE = code('schema = """<record><name/><city/></record>"""\nprompt = ChatPromptTemplate.from_messages([\n    ("system", "Reply only with XML in this schema:\\n{schema}"),\n    ("user", "Extract the record from: {text}"),\n]).partial(schema=schema)\nchain = prompt | llm');

  it('renders the template with the `.partial(…)` variable resolved from its literal', async () => {
    const p = await plan([SETUP, TEMPLATE, returned('chain.invoke({"text": "Ana lives in Porto."})', "AIMessage(content='<record><name>Ana</name><city>Porto</city></record>', additional_kwargs={}, response_metadata={'model_name': 'gpt-4o-mini-2024-07-18'})")]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.deepEqual(p.cases[0].input.messages, [
      { role: 'system', content: 'Reply only with XML in this schema:\n<record><name/><city/></record>' },
      { role: 'user', content: 'Extract the record from: Ana lives in Porto.' },
    ]);
    assert.deepEqual(p.cases[0].input.variables, { text: 'Ana lives in Porto.' });
  });

  it('refuses a `.partial(…)` whose value is computed', async () => {
    const p = await plan([SETUP, code('prompt = ChatPromptTemplate.from_messages([("system", "Schema: {schema}"), ("user", "{text}")]).partial(schema=Record.schema_json())\nchain = prompt | llm'), returned('chain.invoke({"text": "Ana lives in Porto."})', "AIMessage(content='<record/>')")]);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
    assert.match(p.refused, /partly filled with `schema=Record\.schema_json\(\)`/);
  });
});

describe('eval cases: LCEL chains read from the holdout14 refusals', () => {
  const PIPE = code('prompt = ChatPromptTemplate.from_messages([("system", "Answer from this context only:\\n{context}"), ("user", "{query}")])\npipeline = {"query": lambda x: x["query"], "context": lambda x: x["context"]} | prompt | llm');
  const ASK = 'pipeline.invoke({"query": "Where is the office?", "context": "The office is in Lyon."})';
  const ANSWER = "AIMessage(content='The office is in Lyon.', additional_kwargs={}, response_metadata={'model_name': 'gpt-4o-mini-2024-07-18'})";

  it('reads `lambda x: x["key"]` in the dict step as the key itself (like itemgetter)', async () => {
    const p = await plan([SETUP, PIPE, returned(ASK, ANSWER)]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.deepEqual(p.cases[0].input.messages, [
      { role: 'system', content: 'Answer from this context only:\nThe office is in Lyon.' },
      { role: 'user', content: 'Where is the office?' },
    ]);
  });

  it('still refuses a lambda that computes the value', async () => {
    const p = await plan([SETUP, code('prompt = ChatPromptTemplate.from_messages([("user", "{query}")])\npipeline = {"query": lambda x: x["query"].upper()} | prompt | llm'), returned('pipeline.invoke({"query": "hi"})', ANSWER)]);
    assert.ok('refused' in p && p.modelCall && /computes `query`/.test(p.refused), JSON.stringify(p));
  });

  it('refuses a chain whose template was changed in place before the call (`prompt.messages[0].prompt.template = …`)', async () => {
    const p = await plan([SETUP, PIPE, returned(`prompt.messages[0].prompt.template = "Answer in French from:\\n{context}"\n${ASK}`, ANSWER)]);
    assert.ok('refused' in p && p.modelCall && /`prompt`, a part of the chain, is changed in place/.test(p.refused), JSON.stringify(p));
  });

  it('asks the model directly for `llm | StrOutputParser()` called with a text', async () => {
    const p = await plan([SETUP, code('from langchain_core.output_parsers import StrOutputParser\nparser = StrOutputParser()\nchain = llm | parser'), returned('chain.invoke("Tell me a riddle")', "'What has keys but cannot open locks? A piano.'")]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.equal(p.cases[0].input.prompt, 'Tell me a riddle');
    assert.equal(p.cases[0].model, 'gpt-4o-mini');
    assert.equal(p.cases[0].reference, 'What has keys but cannot open locks? A piano.');
  });

  it('keeps refusing a chain whose first step is a model followed by another step than a text parser', async () => {
    const p = await plan([SETUP, code('chain = llm | summarize_tool'), returned('chain.invoke("Tell me a riddle")', "'done'")]);
    assert.ok('refused' in p, JSON.stringify(p));
  });

  it('reads a message template bound to a name that declares `input_variables=[…]`', async () => {
    const p = await plan([
      SETUP,
      code('from langchain.prompts import SystemMessagePromptTemplate, HumanMessagePromptTemplate\nsystem_prompt = SystemMessagePromptTemplate.from_template("You name things.")\nuser_prompt = HumanMessagePromptTemplate.from_template(\n    """Give one name for a cafe about {theme}.""",\n    input_variables=["theme"]\n)\nnamer = ChatPromptTemplate.from_messages([system_prompt, user_prompt]) | llm'),
      returned('namer.invoke({"theme": "owls"})', "AIMessage(content='The Night Perch', additional_kwargs={}, response_metadata={'model_name': 'gpt-4o-mini-2024-07-18'})"),
    ]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.deepEqual(p.cases[0].input.messages, [{ role: 'system', content: 'You name things.' }, { role: 'user', content: 'Give one name for a cafe about owls.' }]);
  });
});
