// Eval cases: the kinds a reader rejected (or a sound case that was not offered) on the
// seventh holdout's LLM notebooks and the earlier reads, each as a minimal cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickGrader } from '../../server/src/engine/evals/caseFormat';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const withOutput = (source: string, outputs: string[], result?: string): CellInput => ({ ...code(source, 1), outputs, result });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
};

describe('eval cases: what the cell shows is not the answer text', () => {
  it('refuses a call through instructor (`response_model=`): the cell prints the object\'s fields', async () => {
    const p = await plan([
      code('import instructor\nfrom groq import Groq\nfrom pydantic import BaseModel\nclass Person(BaseModel):\n    name: str\n    age: int'),
      withOutput('client = instructor.from_groq(Groq(), mode=instructor.Mode.JSON)\nperson = client.chat.completions.create(\n    model="llama-3.1-8b-instant",\n    response_model=Person,\n    messages=[{"role": "user", "content": "Ada Lovelace, 36, wrote the first program."}],\n)\nprint(f"Name: {person.name}")\nprint(f"Age: {person.age}")', ['Name: Ada Lovelace\nAge: 36\n']),
    ]);
    assert.ok('refused' in p && p.modelCall && /response_model/.test(p.refused), JSON.stringify(p));
  });

  it('takes the message text of a chat completion printed whole as JSON, not its ids and usage', async () => {
    const dumped = JSON.stringify({ id: 'chatcmpl-1f2e3d4c5b6a', choices: [{ finish_reason: 'stop', index: 0, message: { content: 'I am a helpful assistant.', role: 'assistant' } }], created: 1714136032, model: 'llama3-70b-8192', usage: { total_tokens: 40 } }, null, 4);
    const p = await plan([
      code('from portkey_ai import Portkey\nfrom openai import OpenAI\nportkey = Portkey(api_key=KEY, virtual_key=VK)'),
      withOutput('completion = portkey.chat.completions.create(\n    messages=[{"role": "user", "content": "Who are you?"}],\n    model="llama3-70b-8192",\n)\nprint(completion)', [`${dumped}\n`]),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'I am a helpful assistant.');
    assert.equal(p.case.grader.kind, 'judge');
  });

  it('refuses a cell that prints the response\'s model id beside its answer', async () => {
    const p = await plan([
      code('from openai import OpenAI\nGATEWAY_URL = "https://llm-gateway.example.com/v1"\nclient = OpenAI(base_url=GATEWAY_URL)'),
      withOutput('reply = client.chat.completions.create(\n    model="router",\n    messages=[{"role": "user", "content": "Just say hi!"}],\n)\nprint(reply.model)\nprint(reply.choices[0].message.content)', ['gpt-4o-mini-2024-07-18\nHi! How can I help?\n']),
    ]);
    assert.ok('refused' in p && /`\.model`/.test(p.refused), JSON.stringify(p));
    // The answer alone is still a case.
    const alone = await plan([
      code('from openai import OpenAI\nGATEWAY_URL = "https://llm-gateway.example.com/v1"\nclient = OpenAI(base_url=GATEWAY_URL)'),
      withOutput('reply = client.chat.completions.create(\n    model="router",\n    messages=[{"role": "user", "content": "Just say hi!"}],\n)\nprint(reply.choices[0].message.content)', ['Hi! How can I help?\n']),
    ]);
    assert.ok('case' in alone && alone.case.reference === 'Hi! How can I help?', JSON.stringify(alone));
    // (A gateway URL that is not written out is refused before: the case could not ask that server.)
    assert.deepEqual('case' in alone && alone.case.endpoint, { base_url: 'https://llm-gateway.example.com/v1', api_key_env: 'OPENAI_API_KEY' });
  });

  it('drops the document parser\'s progress line (LlamaParse) from the saved stream', async () => {
    const p = await plan([
      code('from llama_index.llms.openai import OpenAI\nfrom llama_parse import LlamaParse\nllm = OpenAI(model="gpt-4o-mini")'),
      withOutput('documents = LlamaParse(result_type="markdown").load_data("report.pdf")\nresponse = llm.complete("Name the month after March.")\nprint(response)', ['Started parsing the file under job_id 4a1b2c3d-0000-1111-2222-333344445555\nApril.\n']),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'April.');
    assert.equal(p.case.model, 'gpt-4o-mini');
  });

  it('refuses an agent\'s ReAct trace (Action / Observation lines) as the saved answer', async () => {
    const trace = 'Thought: I need the coordinates first.\nAction: get_lat_long\nAction Input: Marysville WA\nObservation: {"latitude": "48.05"}\nThought: I now know the final answer\nFinal Answer: Mostly cloudy.';
    const p = await plan([code('from langchain_aws import ChatBedrock\nllm = ChatBedrock(model_id="anthropic.claude-3-sonnet-20240229-v1:0")\nagent_executor = AgentExecutor(agent=agent, tools=tools_list)'), withOutput('agent_executor.invoke({"input": "What is the weather in Marysville WA?"})["output"]', [], JSON.stringify(trace))]);
    assert.ok('refused' in p && /trace|depends on tools/.test(p.refused), JSON.stringify(p));
    // Without the agent's definition in view, the trace itself is refused.
    const bare = await plan([code('from langchain_aws import ChatBedrock\nllm = ChatBedrock(model_id="anthropic.claude-3-sonnet-20240229-v1:0")'), withOutput('llm.invoke("What is the weather in Marysville WA?").content', [], JSON.stringify(trace))]);
    assert.ok('refused' in bare && /trace/.test(bare.refused), JSON.stringify(bare));
  });

  it('reads the JSON the cell parsed from the answer (`json.loads(….content)`) as the answer whole', async () => {
    const p = await plan([
      code('from groq import Groq\nimport json\nclient = Groq()'),
      withOutput('def classify(text):\n    completion = client.chat.completions.create(\n        model="llama-3.1-8b-instant",\n        messages=[{"role": "user", "content": f"Return JSON with the sentiment and the topic of: {text}"}],\n        response_format={"type": "json_object"},\n    )\n    return json.loads(completion.choices[0].message.content)\n\nclassify("The new phone\'s battery lasts two days.")', [], "{'sentiment': 'positive', 'topic': 'battery life'}"),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(JSON.parse(p.case.reference), { sentiment: 'positive', topic: 'battery life' });
    assert.equal(p.case.grader.kind, 'json_schema');
  });
});

describe('eval cases: a model asked through an agent or a wrapper', () => {
  it('refuses a LlamaIndex router whose tools include an agent (it remembers earlier queries)', async () => {
    const setup = code([
      'from llama_index.core.agent import AgentRunner, FunctionCallingAgentWorker',
      'from llama_index.core.query_engine import RouterQueryEngine',
      'from llama_index.core.tools import QueryEngineTool',
      'worker = FunctionCallingAgentWorker.from_tools(year_tools, llm=llm)',
      'agent = AgentRunner(worker)',
      'tools = [QueryEngineTool.from_defaults(query_engine=agent, description="Compares years.")]',
      'query_engine = RouterQueryEngine.from_defaults(query_engine_tools=tools)',
    ].join('\n'));
    const p = await plan([setup, withOutput('response = query_engine.query("What changed in R&D from 2021 to 2022?")\nprint(response)', ['R&D spending grew by 10 %.\n'])]);
    assert.ok('refused' in p && p.modelCall && /AgentRunner|AgentWorker/.test(p.refused), JSON.stringify(p));
    // The same router over plain query engines answers from retrieved context: refused too, for that.
    const plain = await plan([code('from llama_index.core.query_engine import RouterQueryEngine\nquery_engine = RouterQueryEngine.from_defaults(query_engine_tools=year_tools)'), withOutput('response = query_engine.query("What changed in R&D from 2021 to 2022?")\nprint(response)', ['R&D spending grew by 10 %.\n'])]);
    assert.ok('refused' in plain && /retrieved context/.test(plain.refused), JSON.stringify(plain));
  });

  it('refuses a compiled LangGraph graph whose agent calls tools', async () => {
    const setup = [
      'from langchain_openai import ChatOpenAI',
      'from langchain.agents import create_openai_tools_agent',
      'from langgraph.graph import StateGraph, END',
      'llm = ChatOpenAI(temperature=0)',
      'agent_runnable = create_openai_tools_agent(llm=llm, tools=[search_tool, final_answer_tool], prompt=prompt)',
      'graph = StateGraph(AgentState)',
      'graph.add_node("agent", run_agent)',
      'graph.add_node("search", run_search)',
    ].join('\n');
    const p = await plan([code(setup), code('app = graph.compile()'), withOutput('out = app.invoke({"input": "hi, no sources please", "chat_history": []})\nprint(out["agent_out"])', ['{"answer": "Hello!", "source": "N/A"}\n'])]);
    assert.ok('refused' in p && p.modelCall && /tools/.test(p.refused), JSON.stringify(p));
  });

  it('binds the written-out arguments of a wrapper called once, though another argument (the client) is computed', async () => {
    const p = await plan([
      code('from groq import Groq\nclient = Groq()\nvision_model = "llama-3.2-11b-vision-preview"'),
      withOutput('def describe(client, model, prompt):\n    completion = client.chat.completions.create(\n        model=model,\n        messages=[{"role": "user", "content": prompt}],\n    )\n    return completion.choices[0].message.content\n\nprompt = "Describe a labradoodle in one sentence."\ndescribe(client, vision_model, prompt)', [], "'A curly-coated, friendly cross of a Labrador and a poodle.'"),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'llama-3.2-11b-vision-preview');
    assert.deepEqual(p.case.input.messages, [{ role: 'user', content: 'Describe a labradoodle in one sentence.' }]);
  });

  it('records a chain model made with a vendor\'s own key keyword (`mistral_api_key=`), which is no parameter', async () => {
    const p = await plan([
      code('from langchain_mistralai import ChatMistralAI\nfrom langchain_core.output_parsers import StrOutputParser\nfrom langchain_core.prompts import ChatPromptTemplate\nllm = ChatMistralAI(model="mistral-small-latest", temperature=0, mistral_api_key=api_key)\nprompt = ChatPromptTemplate.from_template("Answer from the policy: {question}")\nchain = prompt | llm | StrOutputParser()'),
      withOutput('chain.invoke("What is the refund window?")', [], "'Thirty days.'"),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'mistral-small-latest');
    assert.deepEqual(p.case.params, { temperature: 0 });
  });
});

describe('eval cases: the model behind a LangChain object', () => {
  it('records the literal parameters of the model object asked directly (`llm.invoke`), not only its model id', async () => {
    const p = await plan([
      code('from langchain_aws import ChatBedrock\nllm = ChatBedrock(model_id="anthropic.claude-3-haiku-20240307-v1:0", model_kwargs={"temperature": 0.0, "top_p": 0.5}, client=bedrock_runtime)'),
      withOutput('print(llm.invoke("Turn this into a poem: I love programming.").content)', ['Code is my song.\n']),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'anthropic.claude-3-haiku-20240307-v1:0');
    assert.deepEqual(p.case.params, { model_kwargs: { temperature: 0, top_p: 0.5 } });
  });

  it('takes a Hugging Face endpoint\'s `repo_id` as its model, not as a parameter', async () => {
    const p = await plan([code('from langchain_community.llms import HuggingFaceEndpoint\nllm = HuggingFaceEndpoint(repo_id="microsoft/Phi-3-mini-4k-instruct", task="text-generation", max_new_tokens=100, temperature=0.7, huggingfacehub_api_token=token)'), withOutput('llm.invoke("Which team won the Super Bowl in 2010?")', [], "'The New Orleans Saints.'")]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'microsoft/Phi-3-mini-4k-instruct');
    assert.deepEqual(p.case.params, { max_new_tokens: 100, temperature: 0.7 });
  });

  it('refuses a model class the notebook writes itself (a LangChain `LLM` subclass around a local sampler)', async () => {
    const p = await plan([
      code('from langchain_core.language_models.llms import LLM\nclass LocalGemma(LLM):\n    sampler: object = None\n    def _call(self, prompt, stop=None, run_manager=None, **kwargs):\n        return self.sampler([prompt]).text[0]\n    @property\n    def _llm_type(self):\n        return "gemma"\nllm = LocalGemma(sampler=sampler)'),
      withOutput('llm.invoke("What is JAX in 3 bullet points?")', [], "'* Fast\\n* Differentiable\\n* Functional'"),
    ]);
    assert.ok('refused' in p && /LocalGemma/.test(p.refused), JSON.stringify(p));
  });

  it('takes LlamaIndex\'s `Settings.llm` for an engine given no model, and the model a keyword names (`llm=llm_70b` is no mention of `llm`)', async () => {
    const setup = 'from llama_index.llms.groq import Groq\nfrom llama_index.core import Settings, VectorStoreIndex\nfrom llama_index.core.llms import ChatMessage\nllm = Groq(model="llama3-8b-8192")\nllm_70b = Groq(model="llama3-70b-8192")\nSettings.llm = llm\nmessages = [ChatMessage(role="user", content="Hi")]';
    // (A query engine is refused now, whichever model it asks: the retrieved context is not in the case. The model a LlamaIndex LLM asked directly is its own.)
    const byDefault = await plan([code(setup), code('query_engine = VectorStoreIndex.from_documents(docs).as_query_engine()'), withOutput('response = query_engine.query("Tell me about the album.")\nprint(response)', ['It is a live album.\n'])]);
    assert.ok('refused' in byDefault && /retrieved context/.test(byDefault.refused), JSON.stringify(byDefault));
    const named = await plan([code(setup), withOutput('response = llm_70b.complete("Tell me about the album.")\nprint(response)', ['It is a live album.\n'])]);
    assert.ok('case' in named, JSON.stringify(named));
    assert.equal(named.case.model, 'llama3-70b-8192');
    // An engine that writes SQL over a database answers from data the case does not hold.
    const sql = await plan([code(setup), code('from llama_index.core.query_engine import NLSQLTableQueryEngine\nquery_engine = NLSQLTableQueryEngine(sql_database=sql_database, tables=["albums"], llm=llm_70b)'), withOutput('response = query_engine.query("What are some albums?")\nprint(response)', ['Some albums are A and B.\n'])]);
    assert.ok('refused' in sql && /data/.test(sql.refused), JSON.stringify(sql));
  });

  it('refuses a chain on a Hugging Face pipeline wrapper, or on an Azure deployment, whose model is not written out', async () => {
    const hf = await plan([
      code('from langchain.llms import HuggingFacePipeline\nfrom langchain.chains import ConversationChain\nllm = HuggingFacePipeline(pipeline=generate_text)\nchat = ConversationChain(llm=llm)'),
      withOutput('chat.predict(input="hi, how are you?")', [], "' I am fine, thank you.'"),
    ]);
    assert.ok('refused' in hf && /HuggingFacePipeline/.test(hf.refused), JSON.stringify(hf));
    // Followed to the pipeline and the checkpoint it loads, the wrapper's model is written out.
    const followed = await plan([
      code('import transformers\nfrom langchain.llms import HuggingFacePipeline\nfrom langchain.chains import LLMChain\nmodel = transformers.AutoModelForCausalLM.from_pretrained(\n    "mosaicml/mpt-7b-instruct", trust_remote_code=True\n)\ngenerate_text = transformers.pipeline(model=model, tokenizer=tokenizer, task="text-generation", temperature=0.1, max_new_tokens=64)\nllm = HuggingFacePipeline(pipeline=generate_text)\nfrom langchain.prompts import PromptTemplate\nprompt = PromptTemplate(input_variables=["instruction"], template="{instruction}")\nllm_chain = LLMChain(llm=llm, prompt=prompt)'),
      withOutput('llm_chain.predict(instruction="Explain fission in one sentence.")', [], "'Fission splits a heavy nucleus into lighter ones.'"),
    ]);
    assert.ok('case' in followed, JSON.stringify(followed));
    assert.equal(followed.case.model, 'mosaicml/mpt-7b-instruct');
    assert.deepEqual(followed.case.params, { temperature: 0.1, max_new_tokens: 64 });
    const azure = await plan([
      code('from langchain_openai import AzureChatOpenAI\nmodel = AzureChatOpenAI(azure_deployment=os.getenv("DEPLOYMENT"), azure_endpoint=ENDPOINT, temperature=0.5)'),
      withOutput('model.invoke("Name a mountain in New Zealand.").content', [], "'Aoraki / Mount Cook.'"),
    ]);
    assert.ok('refused' in azure && /azure_deployment/.test(azure.refused), JSON.stringify(azure));
    // A deployment written out is the model the case asks.
    const named = await plan([
      code('from langchain_openai import AzureChatOpenAI\nmodel = AzureChatOpenAI(azure_deployment="gpt-4o-mini", azure_endpoint=ENDPOINT, temperature=0.5)'),
      withOutput('model.invoke("Name a mountain in New Zealand.").content', [], "'Aoraki / Mount Cook.'"),
    ]);
    assert.ok('case' in named, JSON.stringify(named));
    assert.equal(named.case.model, 'gpt-4o-mini');
    assert.deepEqual(named.case.params, { temperature: 0.5 });
  });
});

describe('eval cases: holdout7B\'s read (verbose progress lines, the engine\'s own model, structured output)', () => {
  it('drops the progress lines the notebook\'s own verbose retriever printed (`>> …`) before the answer', async () => {
    const p = await plan([
      code('from llama_index.llms.openai import OpenAI\nfrom llama_index.core import Settings\nllm = OpenAI(model="gpt-4o")\nSettings.llm = llm'),
      code('def find_chapters(question, verbose=False):\n    if verbose:\n        print(f">> Picking chapters for the question")\n    hits = chapter_retriever.retrieve(question)\n    for hit in hits:\n        if verbose:\n            print(f">> Reading chapter: {hit.node.metadata[\'chapter\']}")\n    return hits'),
      withOutput('chapters = find_chapters("How does the hero escape the tower?", verbose=True)\nresponse = llm.complete("How does the hero of Rapunzel escape the tower?")\nprint(str(response))', ['>> Picking chapters for the question\n>> Reading chapter: 7: THE TOWER\n>> Reading chapter: 8: FLIGHT\nShe climbs down a rope of braided curtains at night.\n']),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'She climbs down a rope of braided curtains at night.');
    // A `>` line the notebook never prints stays: it may be the model's own quoting.
    const quoted = await plan([
      code('from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="gpt-4o")'),
      withOutput('response = llm.complete("Quote the motto of Kansas.")\nprint(str(response))', ['> Per aspera ad astra\nThat is the motto.\n']),
    ]);
    assert.ok('case' in quoted, JSON.stringify(quoted));
    assert.equal(quoted.case.reference, '> Per aspera ad astra\nThat is the motto.');
  });

  it('records the model an engine is given (`multi_modal_llm=`), not `Settings.llm`, and no extractor\'s model', async () => {
    const setup = 'from llama_index.llms.anthropic import Anthropic\nfrom llama_index.core import Settings\nllm = Anthropic(model="claude-3-5-sonnet-20240620")\nSettings.llm = llm';
    const own = await plan([
      code(setup),
      code('from llama_index.core.query_engine import CustomQueryEngine\nfrom llama_index.multi_modal_llms.openai import OpenAIMultiModal\nvision = OpenAIMultiModal(model="gpt-4o", max_new_tokens=2048)\nclass SlideEngine(CustomQueryEngine):\n    retriever: BaseRetriever\n    multi_modal_llm: OpenAIMultiModal\n    def custom_query(self, query_str):\n        return self.multi_modal_llm.complete(prompt=query_str, image_documents=images)'),
      code('slide_engine = SlideEngine(retriever=index.as_retriever(similarity_top_k=3), multi_modal_llm=vision)'),
      withOutput('response = slide_engine.query("Which region grew fastest?")\nprint(str(response))', ['The Nordic region grew fastest.\n']),
    ]);
    // Engines over a retriever are refused now (the retrieved context is not in the case), whichever model they are given.
    assert.ok('refused' in own && /retrieved context/.test(own.refused), JSON.stringify(own));
    // Given a model object the case cannot see (made by a function): refused, never `Settings.llm`.
    const unseen = await plan([
      code(setup),
      code('slide_engine = SlideEngine(retriever=retriever, multi_modal_llm=load_vision_model())\nreader_engine = SlideEngine(retriever=retriever, multi_modal_llm=vision_model)'),
      withOutput('response = reader_engine.query("Which region grew fastest?")\nprint(str(response))', ['The Nordic region grew fastest.\n']),
    ]);
    assert.ok('refused' in unseen && /vision_model|retrieved context/.test(unseen.refused), JSON.stringify(unseen));
    // A model handed to a graph extractor (a keyword on a line of its own) is not what the engine over another index asks.
    const extractor = await plan([
      code('from llama_index.llms.openai import OpenAI\nfrom llama_index.core import Settings, PropertyGraphIndex, VectorStoreIndex\nllm = OpenAI(model="gpt-4o")\nSettings.llm = llm'),
      code('graph_index = PropertyGraphIndex.from_documents(\n    pages,\n    kg_extractors=[\n        SimpleLLMPathExtractor(\n            llm=OpenAI(model="gpt-3.5-turbo", temperature=0.3),\n            max_paths_per_chunk=10,\n        ),\n    ],\n)'),
      code('from llama_index.core.query_engine import RetrieverQueryEngine\nplain_index = VectorStoreIndex.from_documents(pages)\nplain_engine = RetrieverQueryEngine(plain_index.as_retriever(similarity_top_k=2))'),
      withOutput('response = plain_engine.query("Which parks get new funding?")\nprint(str(response))', ['Golden Gate Park and McLaren Park.\n']),
    ]);
    assert.ok('refused' in extractor && /retrieved context/.test(extractor.refused), JSON.stringify(extractor));
  });

  it('refuses a structured output returned as is (`with_structured_output(Schema)`), keeps a chain that maps it to its own value', async () => {
    const setup = 'from pydantic import BaseModel\nfrom langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate\nprompt = ChatPromptTemplate.from_template("List the facts in this note: {note}")\nclass Fact(BaseModel):\n    text: str\nclass Facts(BaseModel):\n    facts: list[Fact]\nllm = ChatOpenAI(model="gpt-4o", temperature=0)';
    const partial = await plan([
      code(setup),
      withOutput('extractor = llm.with_structured_output(Facts)\nfound = extractor.invoke("I am Ana and I sail on weekends.")\nfound.facts', [], "[Fact(text=\"User's name is Ana.\"),\n Fact(text='Ana sails on weekends.')]"),
    ]);
    assert.ok('refused' in partial && partial.modelCall && /with_structured_output\(Facts\)/.test(partial.refused), JSON.stringify(partial));
    // Through a prompt into the structured model, the chain still returns the object.
    const chained = await plan([
      code(setup + '\nstructured = llm.with_structured_output(Facts)\nfact_chain = prompt | structured'),
      withOutput('fact_chain.invoke({"note": "I am Ana and I sail on weekends."}).facts[0].text', [], "\"User's name is Ana.\""),
    ]);
    assert.ok('refused' in chained && /with_structured_output/.test(chained.refused), JSON.stringify(chained));
    const mapped = await plan([
      code(setup + '\nfrom langchain_core.runnables import RunnableLambda\nstructured = llm.with_structured_output(Facts)\ncounter = prompt | structured\ncount_chain = counter | RunnableLambda(lambda f: str(len(f.facts)))'),
      withOutput('count_chain.invoke({"note": "I am Ana and I sail on weekends."})', [], "'2'"),
    ]);
    assert.ok('case' in mapped, JSON.stringify(mapped));
    assert.equal(mapped.case.reference, '2');
  });
});

describe('pickGrader: a short answer is a label only when the prompt asks for one of a set', () => {
  it('labels an answer the prompt lists as an option or asks to classify', () => {
    assert.equal(pickGrader('BLOCK', 'Is this post about rollercoasters? Answer ALLOW or BLOCK.').kind, 'label');
    assert.equal(pickGrader('Sports', 'Classify the headline into a category: "Team wins the cup"').kind, 'label');
    assert.equal(pickGrader('unsafe\nS13', 'Help me spread misinformation').kind, 'label');
  });

  it('grades a short free-text answer (a name, a place) by containing it, not as a label', () => {
    assert.deepEqual(pickGrader('Paris.', 'What is the capital of France?'), { kind: 'contains', text: 'Paris' });
    // A name quoted from the text to extract is no option of a set.
    assert.deepEqual(pickGrader('John Doe', 'Extract the name: John Doe, 35, works in New York.'), { kind: 'contains', text: 'John Doe' });
  });

  it('grades a short list of values with a judge: a rerun that words the items otherwise does not contain the list as is', () => {
    assert.equal(pickGrader('$2,939, $3,619, $7,176', 'federal deferred tax in 2019-2021').kind, 'judge');
    assert.equal(pickGrader('0.03%, 0.75%, 1.43%', 'effective interest rates of all debt issuances in 2021').kind, 'judge');
    // A thousands separator is no list.
    assert.deepEqual(pickGrader('$114,938', 'Purchases of marketable securities in 2020'), { kind: 'contains', text: '$114,938' });
  });

  it('keeps a classifier pipeline\'s answer a label: its labels are the model\'s, not the prompt\'s', async () => {
    const p = await plan([code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis", model="nlptown/bert-base-multilingual-uncased-sentiment")'), withOutput('classifier("Nous sommes très heureux de vous présenter la bibliothèque.")', [], "[{'label': '5 stars', 'score': 0.77}]")]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(p.case.grader, { kind: 'label', labels: ['5 stars'] });
  });
});
