import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { observedAnswer } from '../../server/src/engine/evals/answer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evalCaseJsonSchema, evalCaseSchema, pickGrader, upsertCase } from '../../server/src/engine/evals/caseFormat';
import { findLlmCall } from '../../server/src/engine/evals/findCall';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import { evaluate } from '../../server/src/engine/evals/resolve';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';

const withOutput = (source: string, outputs: string[], result?: string): CellInput => ({ ...code(source, 1), outputs, result });

describe('eval cases from LLM cells', () => {
  it('resolves f-strings, .format and names bound to literals', () => {
    const names: Record<string, string> = { city: 'Lyon', tpl: 'Capital of {country}?' };
    assert.equal(evaluate('f"Weather in {city} today"', (n) => names[n]), 'Weather in Lyon today');
    assert.equal(evaluate('tpl.format(country="France")', (n) => names[n]), 'Capital of France?');
    assert.deepEqual(evaluate('[{"role": "user", "content": "Hi " + city}]', (n) => names[n]), [{ role: 'user', content: 'Hi Lyon' }]);
    assert.throws(() => evaluate('load_docs()', () => undefined), /load_docs/);
  });

  it('finds an OpenAI call mid-cell, with the prompt and model from earlier cells, and the printed answer', async () => {
    const engine = await getEngine();
    const cells = [
      code('from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"\nPROMPT = """Classify the sentiment: {text}"""'),
      withOutput('resp = client.chat.completions.create(model=MODEL, temperature=0,\n    messages=[{"role": "user", "content": PROMPT.format(text="I love it")}])\nprint(resp.choices[0].message.content)', ['positive\n']),
    ];
    const plan = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'notebooks/sentiment.ipynb', 'abc123');
    assert.ok('case' in plan, JSON.stringify(plan));
    const c = plan.case;
    assert.deepEqual(c.input.messages, [{ role: 'user', content: 'Classify the sentiment: I love it' }]);
    assert.equal(c.model, 'gpt-4o-mini');
    assert.deepEqual(c.params, { temperature: 0 });
    assert.equal(c.reference, 'positive');
    assert.equal(c.grader.kind, 'label');
    assert.match(c.id, /^abc123-[0-9a-f]{8}$/);
    assert.deepEqual(c.source, { notebook: 'notebooks/sentiment.ipynb', cell_id: 'abc123', callee: 'client.chat.completions.create' });
    evalCaseSchema.parse(c);
  });

  it('takes a Gemini model from the client object and the markdown display, not its empty repr', async () => {
    const engine = await getEngine();
    const cells = [
      code('import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-flash")'),
      withOutput('response = model.generate_content("Explain recursion in one sentence.")\ndisplay(Markdown(response.text))', ['<IPython.core.display.Markdown object>', 'Recursion is when a function calls itself.']),
    ];
    const plan = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'gemini.ipynb');
    assert.ok('case' in plan, JSON.stringify(plan));
    assert.equal(plan.case.model, 'gemini-1.5-flash');
    assert.equal(plan.case.input.prompt, 'Explain recursion in one sentence.');
    assert.equal(plan.case.reference, 'Recursion is when a function calls itself.');
    assert.equal(plan.case.grader.kind, 'judge');
  });

  it('says why when the prompt is computed', async () => {
    const engine = await getEngine();
    const cells = [code('import anthropic\nclient = anthropic.Anthropic()'), withOutput('msg = client.messages.create(model="claude-3-5-haiku", max_tokens=100, messages=build(docs))\nmsg', [], "Message(id='msg_01', content=[TextBlock(text='Hi')])")];
    const plan = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'a.ipynb');
    assert.ok('refused' in plan && plan.modelCall);
    assert.match(plan.refused, /build\(…\)/);
  });

  it('is silent on a vector search that looks like a query (no LLM library imported)', async () => {
    const engine = await getEngine();
    const cells = [code('from pinecone import Pinecone\nindex = Pinecone().Index("x")'), withOutput('index.query("what is up", top_k=3)', [], "{'matches': []}")];
    const found = findLlmCall(cells, 1, (s) => engine.statements(s));
    assert.ok('refused' in found && !found.modelCall);
  });

  it('reduces a message repr to its content, never ids or timings', () => {
    const a = observedAnswer({ ...code('x', 1), result: "AIMessage(content='Paris is the capital.', response_metadata={'latencyMs': 412}, id='run-1234abcd5678')" });
    assert.deepEqual(a, { answer: 'Paris is the capital.' });
    const b = observedAnswer({ ...code('x', 1), outputs: ['The answer is 42.\nCPU times: user 3 ms\nWall time: 1.2 s\n'] });
    assert.deepEqual(b, { answer: 'The answer is 42.' });
    assert.ok('refused' in observedAnswer({ ...code('x', 1), result: '<openai.Stream object at 0x11742dd50>' }));
  });

  it('picks the grader from the answer shape', () => {
    assert.equal(pickGrader('{"name": "Ada", "age": 36}').kind, 'json_schema');
    assert.deepEqual(pickGrader('3.5'), { kind: 'numeric', tolerance: 0.035 });
    assert.deepEqual(pickGrader('366'), { kind: 'numeric', tolerance: 0 });
    assert.deepEqual(pickGrader('Negative'), { kind: 'label', labels: ['Negative'] });
    assert.equal(pickGrader('A long answer. With sentences.').kind, 'judge');
  });

  it('the JSON Schema file for editors is the zod schema, generated', () => {
    const file = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'eval-case.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(file, evalCaseJsonSchema(), 'schemas/eval-case.schema.json is stale: regenerate it from evalCaseJsonSchema()');
  });

  it('adding the same case twice updates it', () => {
    const c = { id: 'c1-aa', input: { prompt: 'p' }, reference: 'r', grader: { kind: 'exact' as const }, model: null, params: {}, prompt_version: 'v', tags: [], source: { notebook: 'n.ipynb', cell_id: null } };
    const once = upsertCase('{"id":"other"}\n', c);
    const twice = upsertCase(once, { ...c, reference: 'r2' });
    assert.equal(twice.trim().split('\n').length, 2);
    assert.match(twice, /"reference":"r2"/);
  });
});

describe('a chain\'s case records the model it was built on', () => {
  const plan = async (cells: CellInput[]) => {
    const engine = await getEngine();
    return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
  };
  // (A chain over a literal template: a retrieval chain is refused, its context is not in the case.)
  const ask = (setup: string) => [code(`from langchain_core.prompts import PromptTemplate\nprompt = PromptTemplate.from_template("Answer from the refund policy: {query}")\n${setup}`), withOutput('qa.invoke({"query": "What is the refund window?"})', [], "{'query': 'What is the refund window?', 'text': 'Thirty days.'}")];

  it('takes the model id and literal parameters of the one model object the notebook makes', async () => {
    const p = await plan(ask('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0, api_key=KEY)\nqa = prompt | llm'));
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'gpt-4o-mini');
    assert.deepEqual(p.case.params, { temperature: 0 });
  });

  it('leaves the model to the library when the model object names none', async () => {
    const p = await plan(ask('from langchain_openai import ChatOpenAI\nfrom langchain.chains import LLMChain\nqa = LLMChain(llm=ChatOpenAI(), prompt=prompt)'));
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, null);
  });

  it('takes the model the chain was built on when the notebook makes another', async () => {
    const p = await plan(ask('from langchain_openai import OpenAI\nfrom langchain.chains import LLMChain\nllm = OpenAI(model="gpt-3.5-turbo-instruct")\nmulti_llm = OpenAI(n=4, best_of=4)\nqa = LLMChain(llm=llm, prompt=prompt)'));
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'gpt-3.5-turbo-instruct');
  });

  it('refuses when the notebook makes two models, or one whose id is not written out', async () => {
    const two = await plan(ask('from langchain_openai import ChatOpenAI\nfast = ChatOpenAI(model="gpt-4o-mini")\nsmart = ChatOpenAI(model="gpt-4o")\nqa = LLMChain(llm=pick(fast, smart), prompt=prompt)'));
    assert.ok('refused' in two && /makes 2 models/.test(two.refused), JSON.stringify(two));
    const ibm = await plan(ask('from ibm_watsonx_ai.foundation_models import ModelInference\nfrom ibm_watsonx_ai.foundation_models.utils.enums import ModelTypes\nfrom langchain_ibm import WatsonxLLM\nfrom langchain.chains import LLMChain\nmodel = ModelInference(model_id=ModelTypes.GRANITE_13B_CHAT_V2, params=parameters)\nllm = WatsonxLLM(watsonx_model=model)\nqa = LLMChain(llm=llm, prompt=prompt)'));
    assert.ok('refused' in ibm && /not written out/.test(ibm.refused), JSON.stringify(ibm));
  });

  it('refuses a LlamaIndex query engine (retrieved context) whatever LangChain model the notebook makes, and an agent over a data frame', async () => {
    const cells = [code('from langchain_openai import ChatOpenAI\nfrom llama_index.core import VectorStoreIndex\nllm = ChatOpenAI(model="gpt-3.5-turbo-0125")\nquery_engine = VectorStoreIndex.from_documents(docs).as_query_engine()'),
      withOutput('response = query_engine.query("What was the revenue in 2021?")\nprint(response)', ['Revenue was 4.2 billion.\n'])];
    const p = await plan(cells);
    assert.ok('refused' in p && /retrieved context is not in the case/.test(p.refused), JSON.stringify(p));
    const agent = await plan([code('from langchain_openai import ChatOpenAI\nfrom langchain_experimental.agents import create_pandas_dataframe_agent\nagent = create_pandas_dataframe_agent(ChatOpenAI(model="gpt-4o"), df)'),
      withOutput('agent.invoke("How many rows have a price over 10?")', [], "{'input': 'How many rows have a price over 10?', 'output': 'There are 42 such rows.'}")]);
    assert.ok('refused' in agent && /running code over data/.test(agent.refused), JSON.stringify(agent));
  });

  it('refuses a chain that keeps a message history: the earlier turns are not in the case', async () => {
    const cells = [code('from langchain_openai import ChatOpenAI\nfrom langchain_core.runnables.history import RunnableWithMessageHistory\nllm = ChatOpenAI(model="gpt-4o-mini")\nchat = RunnableWithMessageHistory(agent_executor, get_session_history, input_messages_key="input")'),
      withOutput('chat.invoke({"input": "And in June?"}, config={"configurable": {"session_id": "s1"}})', [], "{'input': 'And in June?', 'output': 'Sales rose 4 %.'}")];
    const p = await plan(cells);
    assert.ok('refused' in p && /message history/.test(p.refused), JSON.stringify(p));
  });
});

describe('the saved answer, cut down to what the model said', () => {
  const plan = async (cells: CellInput[]) => {
    const engine = await getEngine();
    return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
  };
  const chain = code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")');

  it('takes a chain\'s returned answer, not its verbose run log', async () => {
    const log = '\x1b[1m> Entering new LLMChain chain...\x1b[0m\nPrompt after formatting:\nAnswer from the records: How many papers did Ada write?\n\x1b[1m> Finished chain.\x1b[0m\n';
    const p = await plan([chain, code('from langchain.prompts import PromptTemplate\nfrom langchain.chains import LLMChain\nqa_chain = LLMChain(llm=llm, prompt=PromptTemplate.from_template("Answer from the records: {query}"))'), withOutput('qa_chain.invoke({"query": "How many papers did Ada write?"})', [log], "{'query': 'How many papers did Ada write?', 'result': 'Ada wrote 7 papers.'}")]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'Ada wrote 7 papers.');
    assert.deepEqual(p.case.input.variables, { query: 'How many papers did Ada write?' });
  });

  it('keeps what the answer\'s print shows after its label, not the agent\'s tool log', async () => {
    const out = '0: Lookup({\'term\': \'tides\'}) = Page: Tide\nSummary: Tides are ...\nResult: Tides come from the pull of the moon.\n';
    const p = await plan([chain, withOutput('result = agent.invoke("What causes tides?")\nprint(f"Result: {result[\'output\']}")', [out])]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'Tides come from the pull of the moon.');
  });

  it('ends the answer where another print starts, and drops literal prints', async () => {
    const cells = [code('from google import genai\nclient = genai.Client()'), withOutput('print("Asking...")\nresponse = client.models.generate_content(model="gemini-2.0-flash", contents="Name a prime number.")\nprint(response.text)\nnumber = 7\nprint(f"Checked: {number}")', ['Asking...\n7\nChecked: 7\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, '7');
  });

  it('is silent on a retriever\'s invoke and on saved documents', async () => {
    const engine = await getEngine();
    const byName = findLlmCall([chain, withOutput('docs = ensemble_retriever.invoke("tides")\ndocs', [], '[]')], 1, (s) => engine.statements(s));
    assert.ok('refused' in byName && !byName.modelCall);
    const p = await plan([chain, withOutput('docs = kb.invoke("tides")\nprint(docs)', ["[Document(page_content='Tides are ...', metadata={})]"])]);
    assert.ok('refused' in p && !p.modelCall, JSON.stringify(p));
  });

  it('refuses a traceback, an API error message and an image repr', async () => {
    const ask = (outputs: string[], result?: string) => plan([chain, withOutput('reply = llm.invoke("Hi there, who are you?")\nprint(reply.content)', outputs, result)]);
    const tb = await ask(['RateLimitError: quota', '---------------------------------------------------------------------------\nRateLimitError   Traceback (most recent call last)\nCell In[3], line 1']);
    assert.ok('refused' in tb && /error/.test(tb.refused), JSON.stringify(tb));
    const api = await ask(['Error code: 429 - {\'error\': {\'message\': \'Rate limit reached\'}}\n']);
    assert.ok('refused' in api && /error/.test(api.refused), JSON.stringify(api));
    const image = await plan([chain, withOutput('img = llm.invoke("Draw a cat")\nimg', [], '<PIL.PngImagePlugin.PngImageFile image mode=RGB size=512x512>')]);
    assert.ok('refused' in image, JSON.stringify(image));
  });

  it('joins streamed tokens printed one per line, and records positional messages as messages', async () => {
    const cells = [code('from huggingface_hub import InferenceClient\nclient = InferenceClient()\nmessages = [{"role": "user", "content": "Describe a llama in a few words."}]'),
      withOutput('for token in client.chat_completion(messages, model="meta-llama/Llama-3-8B", stream=True):\n    print(token.choices[0].delta.content)', ['A\n fluffy\n,\n gentle\n and\n curious\n South\n American\n animal\n.\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'A fluffy, gentle and curious South American animal.');
    assert.deepEqual(p.case.input.messages, [{ role: 'user', content: 'Describe a llama in a few words.' }]);
  });

  it('refuses a stream loop that prints something other than its chunks', async () => {
    const cells = [code('from google import genai\nclient = genai.Client()'), withOutput('for chunk in client.models.generate_content_stream(model="gemini-2.0-flash", contents="Tell a story"):\n    print(response.text, end="")', ['Old answer.Old answer.'])];
    const p = await plan(cells);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
  });

  it('cuts an echoed chat template down to the reply', async () => {
    const out = 'You answer questions.\nQuestion: How do I merge two adapters?\nAssistant:\n\nLoad both and call add_weighted_adapter.';
    const p = await plan([chain, code('from langchain.prompts import PromptTemplate\nfrom langchain.chains import LLMChain\nllm_chain = LLMChain(llm=llm, prompt=PromptTemplate.from_template("You answer questions.\\n{context}Question: {question}\\nAssistant:"))'), withOutput('llm_chain.invoke({"context": "", "question": "How do I merge two adapters?"})', [], JSON.stringify(out).replace(/^"|"$/g, "'"))]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'Load both and call add_weighted_adapter.');
  });

  it('refuses a cell that asks twice with one output, and a call that also sends a computed image', async () => {
    const cells = [code('import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-flash")')];
    const twice = await plan([...cells, withOutput('print(model.generate_content("Name a fruit.").text)\nprint(model.generate_content("Name a colour.").text)', ['Apple\nRed\n'])]);
    assert.ok('refused' in twice && /2 times/.test(twice.refused), JSON.stringify(twice));
    const image = await plan([...cells, withOutput('response = model.generate_content("What is in this picture?", photo)\nprint(response.text)', ['A cat.\n'])]);
    assert.ok('refused' in image && /photo/.test(image.refused), JSON.stringify(image));
  });
});

describe('eval cases: patterns met on real LLM notebooks', () => {
  const plan = async (cells: CellInput[]) => {
    const engine = await getEngine();
    return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
  };
  const gemini = code('from google import genai\nclient = genai.Client()');

  it('a field of the parsed answer printed after it is not the answer', async () => {
    const p = await plan([gemini, withOutput('response = client.models.generate_content(model="gemini-2.0-flash", contents="Extract: Ada, 36")\nprint(response.text)\nperson: Person = response.parsed\nprint(f"Name is {person.name}")', ['{"name": "Ada", "age": 36}\nName is Ada\n'])]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, '{"name": "Ada", "age": 36}');
    assert.equal(p.case.grader.kind, 'json_schema');
  });

  it('takes the answer from the HTML display, not the request log above it', async () => {
    const cells = [code('from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="gpt-4o-mini")'),
      withOutput('response = llm.complete("What did the company spend on research in 2022?")\ndisplay(HTML(f\'<p style="font-size:20px">{response.text}</p>\'))', ['HTTP Request: POST https://api.example.com/v1/chat "HTTP/1.1 200 OK"\nSelecting query engine 2: the 2022 report.\n', '<p style="font-size:20px">It spent $1.2 billion on research in 2022.</p>', '<IPython.core.display.HTML object>'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'It spent $1.2 billion on research in 2022.');
  });

  it('refuses a chat that calls tools, and is silent on a tool the notebook defines', async () => {
    const cells = [gemini, code('def load_page(url):\n    return fetch(url)\nconfig = {"system_instruction": "Use the tools.", "tools": [load_page]}'),
      withOutput('chat = client.chats.create(model="gemini-2.0-flash", config=config)\nr = chat.send_message("What forms does HR have?")\nprint(r.text)', ['127.0.0.1 - - [06/Feb/2025 03:34:58] "GET / HTTP/1.1" 200 -\nThe expense form.\n'])];
    const p = await plan(cells);
    assert.ok('refused' in p && /tools/.test(p.refused), JSON.stringify(p));
    const engine = await getEngine();
    const tool = findLlmCall([code('from langchain_core.tools import tool\n@tool\ndef fetch_arxiv(arxiv_id: str) -> str:\n    return download(arxiv_id)'), withOutput('print(fetch_arxiv.invoke(input={"arxiv_id": "2401.04088"}))', ['We introduce a model.\n'])], 1, (s) => engine.statements(s));
    assert.ok('refused' in tool && !tool.modelCall, JSON.stringify(tool));
  });

  it('refuses an agent with tools (its answer rests on what they returned), and takes a prompt rebound at top level after a function\'s local one', async () => {
    const agent = [code('from langchain.agents import AgentExecutor\nagent_executor = AgentExecutor(agent=agent, tools=[search])'), withOutput('agent_executor.invoke({"input": "Who wrote Dune?"})', ['> Entering new AgentExecutor chain...\nsearch(Dune)\n> Finished chain.\n'], "{'input': 'Who wrote Dune?', 'output': 'Frank Herbert wrote Dune.'}")];
    const a = await plan(agent);
    assert.ok('refused' in a && /depends on tools the case cannot replay/.test(a.refused), JSON.stringify(a));
    const cells = [gemini, code('def ask(topic):\n    prompt = f"Tell me about {topic}"\n    return client.models.generate_content(model="gemini-2.0-flash", contents=prompt).text'),
      withOutput('prompt = "Name three rivers."\nresponse = client.models.generate_content(model="gemini-2.0-flash", contents=prompt)\nprint(response.text)', ['Nile, Amazon, Danube\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.input.prompt, 'Name three rivers.');
  });

  it('refuses an answer sampled at a temperature above 1', async () => {
    const cells = [code('from huggingface_hub import InferenceClient\nllm = InferenceClient(model="meta-llama/Llama-3-8B")'), withOutput('answer = llm.text_generation("Where is Paris?", temperature=1.6, max_new_tokens=50)\nprint(answer)', ['Paris isvrées ∂ kitchen原因\n'])];
    const p = await plan(cells);
    assert.ok('refused' in p && /temperature 1\.6/.test(p.refused), JSON.stringify(p));
  });

  it('does not take a list the notebook fills later for the prompt', async () => {
    const cells = [code('import anthropic\nclient = anthropic.Anthropic()\ncontext = []'), code('for hit in hits:\n    context.append(hit.text)'),
      withOutput('msg = client.messages.create(model="claude-3-5-haiku", max_tokens=100, messages=[{"role": "user", "content": f"Context: {context}. Who is the CFO?"}])\nprint(msg.content[0].text)', ['The CFO is Ada.\n'])];
    const p = await plan(cells);
    assert.ok('refused' in p && /context/.test(p.refused), JSON.stringify(p));
  });
});

describe('eval cases: patterns met on real LLM notebooks (second pass)', () => {
  const plan = async (cells: CellInput[]) => {
    const engine = await getEngine();
    return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
  };
  const gemini = code('from google import genai\nfrom google.genai import types\nclient = genai.Client()');

  it('refuses a compiled graph run (its nodes ask the model in turn: the case would hold only the graph\'s input)', async () => {
    const cells = [code('from langgraph.graph import StateGraph\nfrom langchain_openai import ChatOpenAI\nrunnable = graph.compile()'),
      withOutput('out = runnable.invoke({"input": "What is RAG?", "chat_history": []})\nprint(out["agent_out"])', ['> router\n> search\n> final_answer\n{"answer": "Retrieval-augmented generation.", "source": "paper"}\n'])];
    const p = await plan(cells);
    assert.ok('refused' in p && /graph/.test(p.refused), JSON.stringify(p));
  });

  it('drops a library warning printed on stderr, a generation log line, a role prefix and the next turn\'s marker', async () => {
    const cells = [code('from langchain_core.prompts import PromptTemplate\nllm = HuggingFaceEndpoint(repo_id="org/small-model")'),
      withOutput('print(llm.invoke("Who won the 2010 final?"))', ['/opt/lib/site-packages/hub/_auth.py:94: UserWarning: \nNo token found.\nSet one to go faster.\n  warnings.warn(\n', 'Setting `pad_token_id` to `eos_token_id`:11 for open-end generation.\nAssistant: Spain won the 2010 final.\nHuman:\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'Spain won the 2010 final.');
  });

  it('records the system instruction of a config object, and refuses one it cannot resolve', async () => {
    const cells = [gemini, code('system = "You answer in French."\nconfig = types.GenerateContentConfig(\n    system_instruction=system,\n    temperature=0,\n)'),
      code('r = client.models.generate_content(\n    model="gemini-2.0-flash",\n    contents="Say hello.",\n    config=config,\n)'),
      withOutput('response = client.models.generate_content(model="gemini-2.0-flash", contents="Name a colour.", config=config)\nprint(response.text)', ['Rouge\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    // The system instruction is input (hashed into the prompt version), not a parameter.
    assert.equal(p.case.input.system, 'You answer in French.');
    assert.deepEqual(p.case.params, { config: { temperature: 0 } });
    const computed = await plan([gemini, code('config = types.GenerateContentConfig(system_instruction=load_persona())'), withOutput('response = client.models.generate_content(model="gemini-2.0-flash", contents="Name a colour.", config=config)\nprint(response.text)', ['Rouge\n'])]);
    assert.ok('refused' in computed && /system instruction/.test(computed.refused), JSON.stringify(computed));
  });

  it('refuses a chat turn after earlier turns, not the first one', async () => {
    const chat = code('chat = client.chats.create(model="gemini-2.0-flash")');
    const first = await plan([gemini, chat, withOutput('r = chat.send_message("I need help with fractions.")\nprint(r.text)', ['Sure, what is the problem?\n'])]);
    assert.ok('case' in first, JSON.stringify(first));
    const later = await plan([gemini, chat, code('r = chat.send_message("I need help with fractions.")'), withOutput('r = chat.send_message("Is it 2?")\nprint(r.text)', ['Yes, well done.\n'])]);
    assert.ok('refused' in later && /earlier turn/.test(later.refused), JSON.stringify(later));
    const tutor = await plan([gemini, code('chat = client.chats.create(model="gemini-2.0-flash", config=types.GenerateContentConfig(system_instruction=tutor_prompt))'), withOutput('r = chat.send_message("I need help with fractions.")\nprint(r.text)', ['Sure, what is the problem?\n'])]);
    assert.ok('refused' in tutor && /system instruction/.test(tutor.refused), JSON.stringify(tutor));
  });

  it('refuses an answer shown only through the notebook\'s own formatting function', async () => {
    const cells = [code('import anthropic\nclient = anthropic.Anthropic()\ndef render(resp):\n    return "=" * 40 + "\\n" + resp.model_dump_json(indent=2)'),
      withOutput('r = client.messages.create(model="claude-3-5-haiku", max_tokens=100, messages=[{"role": "user", "content": "Hi"}])\nprint(render(r))', ['========================================\n{"content": [{"type": "text", "text": "Hello!"}]}\n'])];
    const p = await plan(cells);
    assert.ok('refused' in p && /render/.test(p.refused), JSON.stringify(p));
  });

  it('takes a computed prompt an earlier cell printed whole, not a printed file handle', async () => {
    const made = code('def make_prompt(q):\n    return f"Answer briefly: {q}"\nprompt = make_prompt(question)');
    const shown = withOutput('print(prompt)', ['Answer briefly: why is the sky blue?\n']);
    const ask = withOutput('answer = client.models.generate_content(model="gemini-2.0-flash", contents=prompt)\nprint(answer.text)', ['Rayleigh scattering.\n']);
    const p = await plan([gemini, made, shown, ask]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.input.prompt, 'Answer briefly: why is the sky blue?');
    const uploaded = (path: string) => plan([gemini, code(`doc = client.files.upload(file=${path})`), withOutput('print(doc)', ["name='files/abc123' display_name='notes.txt' mime_type='text/plain'\n"]),
      withOutput('answer = client.models.generate_content(model="gemini-2.0-flash", contents=doc)\nprint(answer.text)', ['A note.\n'])]);
    const file = await uploaded('pick_file()');
    assert.ok('refused' in file, JSON.stringify(file));
    // A literal file is sent as an attachment: the printed handle is still not the prompt.
    const literal = await uploaded('"notes.txt"');
    assert.ok('case' in literal, JSON.stringify(literal));
    assert.deepEqual(literal.case.input, { prompt: '', attachments: [{ kind: 'file', path: 'notes.txt', mime: 'text/plain' }] });
  });

  it('binds a function\'s parameters to the one call of it in the cell', async () => {
    const cells = [code('import anthropic\nclient = anthropic.Anthropic()\nQUESTION = "How did revenue change?"'),
      withOutput('def write_prompt(question):\n    messages = [{"role": "user", "content": f"Write a prompt for: {question}"}]\n    response = client.messages.create(model="claude-3-opus", max_tokens=200, messages=messages)\n    return response.content[0].text\n\nsub_prompt = write_prompt(QUESTION)\nprint(sub_prompt)', ['Extract the revenue per quarter.\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(p.case.input.messages, [{ role: 'user', content: 'Write a prompt for: How did revenue change?' }]);
    assert.equal(p.case.reference, 'Extract the revenue per quarter.');
    const looped = [cells[0], withOutput('def ask(q):\n    r = client.messages.create(model="claude-3-opus", max_tokens=20, messages=[{"role": "user", "content": q}])\n    return r.content[0].text\n\nanswers = [ask(q) for q in ["a?", "b?"]]\nprint(answers)', ["['A', 'B']\n"])];
    const l = await plan(looped);
    assert.ok('refused' in l, JSON.stringify(l));
  });

  it('records a chain\'s keyword arguments as its variables', async () => {
    const cells = [code('from langchain.prompts import PromptTemplate\nfrom langchain.chains import LLMChain\nprompt = PromptTemplate(input_variables=["instruction"], template="### Instruction:\\n{instruction}\\n### Response:\\n")\nllm_chain = LLMChain(llm=llm, prompt=prompt)'), withOutput('print(llm_chain.predict(instruction="Explain fission in one line.").lstrip())', ['Fission splits a nucleus.\n'])];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(p.case.input.variables, { instruction: 'Explain fission in one line.' });
    assert.equal(p.case.input.prompt, '### Instruction:\nExplain fission in one line.\n### Response:\n');
  });
});

describe('eval cases: output the cell did not show itself', () => {
  it('refuses the repr of the response\'s content blocks', async () => {
    const engine = await getEngine();
    const cells = [code('import anthropic\nclient = anthropic.Anthropic()'),
      withOutput('r = client.messages.create(model="claude-3-7-sonnet", max_tokens=100, messages=[{"role": "user", "content": "Think about it."}])\nprint(r.content)', ["[TextBlock(citations=None, text=None, type='redacted_thinking', data='EvAFCoYB')]\n"])];
    const p = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'nb.ipynb');
    assert.ok('refused' in p && /object repr/.test(p.refused), JSON.stringify(p));
  });

  it('refuses a graph run whose nodes printed their steps while the cell showed nothing', async () => {
    const engine = await getEngine();
    // (A model asked with a callback that prints each step: the cell itself shows nothing.)
    const cells = [code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")'),
      withOutput('out = llm.invoke("Tell me about RAG", config={"callbacks": [StepPrinter()]})', ["run_oracle\nintermediate_steps: []\nsearch.invoke(input={'query': 'RAG'})\nrun_oracle\n"])];
    const p = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'nb.ipynb');
    assert.ok('refused' in p && /shows nothing itself/.test(p.refused), JSON.stringify(p));
  });
});
