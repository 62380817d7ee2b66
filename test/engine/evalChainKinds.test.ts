// Eval cases from LangChain-style notebooks (issue 14, a read of 30 cases judged 5 usable): a chain's
// prompt template is recorded rendered; agents with tools, retrieval chains and engines, chains that
// run a program, multi-step chains are refused with the reason; an Ollama response repr is reduced to
// its message text; a pipeline's own length limit is recorded and a sliced print refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string, ...streams: string[]): CellInput => ({ ...code(source, 2), result, outputs: streams, stdout: streams.join('') });
const printed = (source: string, ...streams: string[]): CellInput => ({ ...code(source, 2), outputs: streams, stdout: streams.join('') });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/chains.ipynb', 'c9');
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return p.cases[0];
};
const c0model = (p: Awaited<ReturnType<typeof plan>>) => ('cases' in p ? p.cases[0].model : undefined);
const refused = (p: Awaited<ReturnType<typeof plan>>, reason: RegExp) => assert.ok('refused' in p && p.modelCall && reason.test(p.refused), JSON.stringify(p));

const LLM = code('from langchain.llms import OpenAI\nfrom langchain.prompts import PromptTemplate\nfrom langchain.chains import LLMChain, ConversationChain\nllm = OpenAI(model_name="text-davinci-003", temperature=0, max_tokens=256)');

describe('eval cases: a chain\'s prompt template is in the case', () => {
  it('records an LLMChain\'s PromptTemplate rendered with the call\'s text, its variables, and a version from the template', async () => {
    const cells = [
      LLM,
      code('template = """Question: {question}\n\nAnswer: Let\'s think step by step."""\nprompt = PromptTemplate(template=template, input_variables=["question"])\nllm_chain = LLMChain(prompt=prompt, llm=llm)'),
      returned('llm_chain.run("What is the capital of France?")', "' Paris is the capital of France.'"),
    ];
    const c = one(await plan(cells));
    assert.equal(c.input.prompt, "Question: What is the capital of France?\n\nAnswer: Let's think step by step.");
    assert.deepEqual(c.input.variables, { question: 'What is the capital of France?' });
    assert.equal(c.model, 'text-davinci-003');
    assert.deepEqual(c.params, { temperature: 0, max_tokens: 256 });
    // Another question asked of the same template keeps its version.
    const other = one(await plan([...cells.slice(0, 2), returned('llm_chain.run("What is the capital of Peru?")', "'Lima.'")]));
    assert.equal(other.prompt_version, c.prompt_version);
    assert.notEqual(other.id, c.id);
  });

  it('renders an LCEL chain over ChatPromptTemplate.from_messages with the invoke dict, and from_template', async () => {
    const setup = code('from langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate\nfrom langchain_core.output_parsers import StrOutputParser\nmodel = ChatOpenAI(model="gpt-4o-mini", temperature=0)');
    const c = one(await plan([
      setup,
      code('prompt = ChatPromptTemplate.from_messages([("system", "You answer in {language}."), ("human", "Name a fruit that is {color}.")])\nchain = prompt | model | StrOutputParser()'),
      returned('chain.invoke({"language": "French", "color": "red"})', "'La fraise.'"),
    ]));
    assert.deepEqual(c.input.messages, [{ role: 'system', content: 'You answer in French.' }, { role: 'user', content: 'Name a fruit that is red.' }]);
    assert.deepEqual(c.input.variables, { language: 'French', color: 'red' });
    assert.equal(c.input.prompt, undefined);
    const t = one(await plan([setup, code('chain = ChatPromptTemplate.from_template("Tell me a fact about {subject}") | model.bind(stop=["\\n"]) | StrOutputParser()'), returned('chain.invoke({"subject": "owls"})', "'Owls can turn their heads 270 degrees.'")]));
    assert.deepEqual(t.input.messages, [{ role: 'user', content: 'Tell me a fact about owls' }]);
    // The stop sequence the chain binds cuts the answer at its first line: it is recorded.
    assert.deepEqual(t.params, { temperature: 0, stop: ['\n'] });
  });

  it('reads message templates bound to names in from_messages (`SystemMessagePromptTemplate.from_template(template)`)', async () => {
    const c = one(await plan([
      code('from langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate, SystemMessagePromptTemplate, HumanMessagePromptTemplate\nfrom langchain_core.output_parsers import StrOutputParser\nmodel = ChatOpenAI(model="gpt-3.5-turbo", temperature=0)'),
      code('template = "You are a patient maths tutor."\nsystem_message_prompt = SystemMessagePromptTemplate.from_template(template)\nhuman_message_prompt = HumanMessagePromptTemplate.from_template("{question}")\nchat_prompt = ChatPromptTemplate.from_messages([system_message_prompt, human_message_prompt])\ntutor = chat_prompt | model | StrOutputParser()'),
      returned('tutor.invoke({"question": "What is 7 times 8?"})', "'7 times 8 is 56.'"),
    ]));
    assert.deepEqual(c.input.messages, [{ role: 'system', content: 'You are a patient maths tutor.' }, { role: 'user', content: 'What is 7 times 8?' }]);
  });

  it('refuses a chain whose template is not written out (from the hub, a name with no template)', async () => {
    refused(await plan([LLM, code('from langchain import hub\nprompt = hub.pull("rlm/rag-prompt")\nchain = LLMChain(llm=llm, prompt=prompt)'), returned('chain.run("Hi")', "'Hello'")]), /hub/);
    refused(await plan([LLM, code('chain = LLMChain(llm=llm, prompt=make_prompt())'), returned('chain.predict(topic="owls")', "'Owls.'")]), /not a template written out/);
  });

  it('records a ConversationChain\'s default template on its first turn, and refuses a later turn', async () => {
    const cells = [LLM, code('from langchain.memory import ConversationBufferMemory\nconversation = ConversationChain(llm=llm, memory=ConversationBufferMemory())')];
    const c = one(await plan([...cells, returned('conversation.predict(input="Hi there! I am Sam")', "' Hi Sam! How can I help you today?'")]));
    assert.match(c.input.prompt ?? '', /^The following is a friendly conversation between a human and an AI\./);
    assert.match(c.input.prompt ?? '', /Current conversation:\n\nHuman: Hi there! I am Sam\nAI:$/);
    refused(await plan([...cells, returned('conversation.predict(input="Hi there! I am Sam")', "' Hi Sam!'"), returned('conversation.predict(input="What is my name?")', "' Your name is Sam.'")]), /asked before/);
  });
});

describe('eval cases: a ConversationChain\'s memory and its returned dict (holdout14 read)', () => {
  const cells = [LLM, code('from langchain.memory import ConversationBufferMemory\nmemory = ConversationBufferMemory(return_messages=True)'), code('chain = ConversationChain(llm=llm, memory=memory)')];
  const dict = (input: string, answer: string, history: string) => `{'input': '${input}',\n 'history': [${history}],\n 'response': '${answer}'}`;

  it('takes the `response` of the returned dict, not the `content=` of a message in its history', async () => {
    const c = one(await plan([...cells, returned('chain.invoke({"input": "Hi, my name is Ada"})', dict('Hi, my name is Ada', 'Hello Ada! Nice to meet you.', "HumanMessage(content='Hi, my name is Ada', additional_kwargs={}), AIMessage(content='Hello Ada! Nice to meet you.', additional_kwargs={})"))]));
    assert.equal(c.reference, 'Hello Ada! Nice to meet you.');
  });

  it('refuses a call after the memory was filled by hand (`memory.chat_memory.add_user_message(…)`)', async () => {
    const filled = code('memory.chat_memory.add_user_message("Hi, my name is Ada")\nmemory.chat_memory.add_ai_message("Hello Ada!")');
    refused(await plan([cells[0], cells[1], filled, cells[2], returned('chain.invoke({"input": "What is my name?"})', dict('What is my name?', 'Your name is Ada.', "HumanMessage(content='Hi, my name is Ada'), AIMessage(content='Hello Ada!')"))]), /memory `memory` holds turns added before the call/);
    // A fresh memory made after that starts empty: its first turn is a case.
    const fresh = code('memory = ConversationBufferMemory(return_messages=True)');
    const c = one(await plan([cells[0], cells[1], filled, fresh, cells[2], returned('chain.invoke({"input": "Hi, I am Bo"})', dict('Hi, I am Bo', 'Hello Bo!', "HumanMessage(content='Hi, I am Bo'), AIMessage(content='Hello Bo!')"))]));
    assert.equal(c.reference, 'Hello Bo!');
  });
});

describe('eval cases: chains whose answer a case cannot replay', () => {
  it('refuses an agent with tools (initialize_agent, AgentExecutor)', async () => {
    refused(await plan([LLM, code('from langchain.agents import initialize_agent, load_tools\ntools = load_tools(["serpapi", "llm-math"], llm=llm)\nagent = initialize_agent(tools, llm, agent="zero-shot-react-description")'), returned('agent.run("Who is the CEO of Acme? What is his age squared?")', "'John Doe is 52; 52 squared is 2704.'")]), /depends on tools the case cannot replay/);
    refused(await plan([LLM, code('from langchain.agents import AgentExecutor\nagent_executor = AgentExecutor(agent=agent, tools=tools)'), returned('agent_executor.invoke({"input": "What is the weather?"})', "{'input': 'What is the weather?', 'output': 'Sunny.'}")]), /depends on tools/);
  });

  it('refuses retrieval chains and LlamaIndex query engines ("retrieved context is not in the case")', async () => {
    refused(await plan([LLM, code('from langchain.chains import RetrievalQA\nqa = RetrievalQA.from_chain_type(llm=llm, chain_type="stuff", retriever=docsearch.as_retriever())'), returned('qa.run("What did the author do growing up?")', "' He wrote short stories.'")]), /retrieved context is not in the case/);
    refused(await plan([
      code('from llama_index.core import VectorStoreIndex, Settings\nfrom llama_index.llms.openai import OpenAI\nSettings.llm = OpenAI(model="gpt-4o-mini")\nquery_engine = index.as_query_engine()'),
      printed('response = query_engine.query("What did the author do growing up?")\nprint(response)', 'He wrote short stories.\n'),
    ]), /retrieved context is not in the case/);
  });

  it('refuses chains whose reference is an executed program\'s result (PALChain, LLMMathChain, SQLDatabaseChain)', async () => {
    refused(await plan([LLM, code('from langchain_experimental.pal_chain import PALChain\npal_chain = PALChain.from_math_prompt(llm, verbose=True)'), returned('pal_chain.run("Jan has three times the pets Marcia has. How many pets?")', "'9'")]), /program the chain ran \(`PALChain`\)/);
    refused(await plan([LLM, code('from langchain.chains import LLMMathChain\nllm_math = LLMMathChain.from_llm(llm)'), returned('llm_math.run("What is 13 raised to the .3432 power?")', "'Answer: 2.4116004626599237'")]), /LLMMathChain/);
  });

  it('refuses multi-step chains (ConstitutionalChain, SimpleSequentialChain)', async () => {
    refused(await plan([LLM, code('from langchain.chains.constitutional_ai.base import ConstitutionalChain\nconstitutional_chain = ConstitutionalChain.from_llm(chain=qa_chain, constitutional_principles=[ethical_principle], llm=llm)'), returned('constitutional_chain.run(question="How can I steal food?")', "'I would not recommend it.'")]), /several times.*ConstitutionalChain/);
    refused(await plan([LLM, code('from langchain.chains import SimpleSequentialChain\noverall = SimpleSequentialChain(chains=[facts_chain, summary_chain])'), returned('overall.run("Acme earnings")', "'Acme grew.'")]), /SimpleSequentialChain/);
  });
});

describe('eval cases: the reference is the answer text', () => {
  it('reduces an Ollama response printed whole (its pydantic repr) to the message content', async () => {
    const c = one(await plan([
      code('import ollama'),
      printed('response = ollama.chat(model="llama3.2", messages=[{"role": "user", "content": "Hello, how are you?"}])\nprint(response)',
        "model='llama3.2' created_at='2025-01-24T09:17:46.91998Z' done=True done_reason='stop' total_duration=5721435416 eval_count=45 message=Message(role='assistant', content=\"Hello! I'm doing well, thank you.\", images=None, tool_calls=None)\n"),
    ]));
    assert.equal(c.reference, "Hello! I'm doing well, thank you.");
  });

  it('reduces an Ollama response dict returned by the cell to the message content', async () => {
    const c = one(await plan([
      code('import ollama'),
      returned('ollama.chat(model="llama3.2", messages=[{"role": "user", "content": "Name a primary colour."}])', "{'model': 'llama3.2', 'created_at': '2024-08-01T10:00:00Z', 'message': {'role': 'assistant', 'content': 'Blue.'}, 'done': True, 'total_duration': 4935886791}"),
    ]));
    assert.equal(c.reference, 'Blue.');
  });

  it('records the length limit a pipeline was made with, and refuses an answer printed sliced', async () => {
    const setup = code('from transformers import pipeline\ngenerator = pipeline("text-generation", model="gpt2", max_length=30)');
    const c = one(await plan([setup, returned('generator("Once upon a time")', "[{'generated_text': 'Once upon a time there was a king.'}]")]));
    assert.deepEqual(c.params, { max_length: 30 });
    // Set on the pipeline's model config after it was made: still the limit the answer was cut by.
    const later = one(await plan([code('from transformers import pipeline\ngen = pipeline("text-generation", model="gpt2")'), code('gen.model.config.max_length = 20'), returned('gen("Once upon a time")', "[{'generated_text': 'Once upon a time there was'}]")]));
    assert.deepEqual(later.params, { max_length: 20 });
    refused(await plan([
      code('from openai import OpenAI\nclient = OpenAI()'),
      printed('response = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Write a poem about the sea."}])\nprint(response.choices[0].message.content[:200])', 'The sea, the sea...\n'),
    ]), /cut to `\[:200\]`/);
  });

  it('makes a case per text of a pipeline given several texts at once, when the cell returns its list of answers', async () => {
    const setup = code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")\ngen = pipeline("text-generation", model="gpt2")');
    const p = await plan([setup, returned('classifier(["I love this film.", "I hate waiting."])', "[{'label': 'POSITIVE', 'score': 0.9998},\n {'label': 'NEGATIVE', 'score': 0.9971}]")]);
    assert.ok('cases' in p && p.cases.length === 2, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => [c.input.prompt, c.reference]), [['I love this film.', 'POSITIVE'], ['I hate waiting.', 'NEGATIVE']]);
    // Both cases know the labels the classifier answered with; each has its own id.
    for (const c of p.cases) assert.deepEqual(c.grader, { kind: 'label', labels: ['NEGATIVE', 'POSITIVE'] });
    assert.equal(c0model(p), 'distilbert-base-uncased-finetuned-sst-2-english');
    assert.notEqual(p.cases[0].id, p.cases[1].id);
    // A generator's list of lists: each text's first sequence, the echoed prompt cut off.
    const g = await plan([setup, returned('gen(["The sky above us is", "Water in the sea is"])', "[[{'generated_text': 'The sky above us is blue today.'}], [{'generated_text': 'Water in the sea is wet and clear.'}]]")]);
    assert.ok('cases' in g && g.cases.length === 2, JSON.stringify(g));
    assert.deepEqual(g.cases.map((c) => c.reference), ['blue today.', 'wet and clear.']);
    // Fewer answers than texts, or several sequences for one text: no case.
    refused(await plan([setup, returned('classifier(["I love this film.", "I hate waiting."])', "[{'label': 'POSITIVE', 'score': 0.9998}]")]), /given 2 inputs at once and its saved output is not one answer per input/);
    refused(await plan([setup, returned('gen(["The sky is", "Water is"], num_return_sequences=2)', "[[{'generated_text': 'The sky is blue.'}, {'generated_text': 'The sky is grey.'}], [{'generated_text': 'Water is wet.'}, {'generated_text': 'Water is cold.'}]]")]), /inputs at once|several/);
  });

  it('reads a batch\'s results a loop prints one line per text (ev18), and refuses one call\'s results printed one per line (a fill-mask\'s top k)', async () => {
    const setup = code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")\nunmasker = pipeline("fill-mask", model="distilroberta-base")');
    const loop = 'results = classifier(["I love this film.", "I hate waiting."])\nfor result in results:\n    print(f"label: {result[\'label\']}, score: {round(result[\'score\'], 3)}")';
    const p = await plan([setup, printed(loop, 'label: POSITIVE, score: 0.999\nlabel: NEGATIVE, score: 0.998\n')]);
    assert.ok('cases' in p && p.cases.length === 2, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => [c.input.prompt, c.reference]), [['I love this film.', 'POSITIVE'], ['I hate waiting.', 'NEGATIVE']]);
    for (const c of p.cases) assert.deepEqual(c.grader, { kind: 'label', labels: ['NEGATIVE', 'POSITIVE'] });
    // A line per text or nothing: a third line (an edited cell, another print) leaves the results unpaired.
    refused(await plan([setup, printed(loop, 'label: POSITIVE, score: 0.999\nlabel: NEGATIVE, score: 0.998\nlabel: NEGATIVE, score: 0.91\n')]), /given 2 inputs at once/);
    refused(await plan([setup, printed('preds = unmasker("The weather today is <mask>.")\nfor pred in preds:\n    print(f">>> {pred[\'sequence\']}")', '>>> The weather today is sunny.\n>>> The weather today is nice.\n>>> The weather today is great.\n')]), /prints 3 results one after another/);
  });

  it('takes a pipeline\'s model from the checkpoint its model object was loaded from', async () => {
    const c = one(await plan([
      code('from transformers import pipeline, TFGPT2LMHeadModel, AutoTokenizer\ncode_model = TFGPT2LMHeadModel.from_pretrained("org/code-gen-small")\ncode_tokenizer = AutoTokenizer.from_pretrained("org/code-gen-small")\npipe = pipeline("text-generation", model=code_model, tokenizer=code_tokenizer)'),
      printed('print(pipe("# sum two numbers\\ndef add(a, b):")[0]["generated_text"])', '# sum two numbers\ndef add(a, b):\n    return a + b\n'),
    ]));
    assert.equal(c.model, 'org/code-gen-small');
  });

  it('reads a summarization pipeline\'s printed result whose repr was wrapped over lines', async () => {
    const c = one(await plan([
      code('from transformers import pipeline\nsummarizer = pipeline("summarization", model="facebook/bart-large-cnn")'),
      printed('print(summarizer("The council met on Monday and voted to extend the town library opening hours to nine in the evening from next month.", max_length=30, min_length=5, do_sample=False))', "[{'summary_text': 'The council voted to extend the town library opening\nhours from next month .'}]\n"),
    ]));
    assert.equal(c.reference, 'The council voted to extend the town library opening hours from next month .');
  });

  it('refuses a call whose response schema is computed (the case would ask without it)', async () => {
    refused(await plan([
      code('from openai import OpenAI\nclient = OpenAI(base_url="https://api.fireworks.ai/inference/v1")'),
      printed('r = client.chat.completions.create(\n    model="accounts/fireworks/models/deepseek-v3",\n    response_format={"type": "json_object", "schema": PcSpec.model_json_schema()},\n    messages=[{"role": "user", "content": "Spec a quiet office PC."}],\n)\nprint(r.choices[0].message.content)', '{"cpu": "Ryzen 5", "ram_gb": 16}\n'),
    ]), /`response_format` \(the answer's schema\) is computed/);
  });
});

describe('eval cases: a prompt keeps the template it was made from (holdout15)', () => {
  it('`template` rebound after `prompt = PromptTemplate(template=template, …)` does not change the chain\'s prompt', async () => {
    const cells = [
      LLM,
      code('template = """<|user|>\n{input_prompt}<|end|>\n<|assistant|>"""\nprompt = PromptTemplate(template=template, input_variables=["input_prompt"])\nbasic_chain = prompt | llm'),
      code('template = """<|user|>\nWrite a title for a story about {summary}.<|end|>\n<|assistant|>"""\ntitle_prompt = PromptTemplate(template=template, input_variables=["summary"])'),
      returned('basic_chain.invoke({"input_prompt": "What is 2 + 2?"})', "' 2 + 2 is 4.'"),
    ];
    const c = one(await plan(cells));
    assert.equal(c.input.prompt, '<|user|>\nWhat is 2 + 2?<|end|>\n<|assistant|>');
    // The later template is the one a chain made after it uses.
    const later = one(await plan([...cells.slice(0, 3), code('title_chain = title_prompt | llm'), returned('title_chain.invoke({"summary": "a lost dog"})', "' The Long Way Home'")]));
    assert.equal(later.input.prompt, '<|user|>\nWrite a title for a story about a lost dog.<|end|>\n<|assistant|>');
  });
});

describe('eval cases: a local LlamaCpp model is the chain\'s model (holdout15)', () => {
  it('records `model_path` as the model and the sampling settings, not the GPU layers', async () => {
    const cells = [
      code('from langchain import LlamaCpp, PromptTemplate\nllm = LlamaCpp(\n    model_path="Phi-3-mini-4k-instruct-fp16.gguf",\n    n_gpu_layers=-1,\n    max_tokens=500,\n    n_ctx=2048,\n    seed=42,\n    verbose=False\n)'),
      code('prompt = PromptTemplate(template="<|user|>\\n{q}<|end|>\\n<|assistant|>", input_variables=["q"])\nchain = prompt | llm'),
      returned('chain.invoke({"q": "What is 1 + 1?"})', "' 1 + 1 is 2.'"),
    ];
    const c = one(await plan(cells));
    assert.equal(c.model, 'Phi-3-mini-4k-instruct-fp16.gguf');
    assert.deepEqual(c.params, { max_tokens: 500, n_ctx: 2048, seed: 42 });
  });
});

describe('eval cases: an LLMChain\'s output_key holds its answer (holdout15)', () => {
  it('`LLMChain(…, output_key="title")` returns the inputs and the answer under `title`: the answer is that', async () => {
    const cells = [
      LLM,
      code('title_prompt = PromptTemplate(template="Suggest a headline for a news item on {topic}. Reply with the headline alone.", input_variables=["topic"])\ntitle = LLMChain(llm=llm, prompt=title_prompt, output_key="title")'),
      returned('title.invoke({"topic": "a harbour reopening after the storm"})', "{'topic': 'a harbour reopening after the storm',\n 'title': ' \"Boats Return as the Harbour Opens Again\"'}"),
    ];
    const c = one(await plan(cells));
    assert.equal(c.reference, '"Boats Return as the Harbour Opens Again"');
    assert.equal(c.input.prompt, 'Suggest a headline for a news item on a harbour reopening after the storm. Reply with the headline alone.');
    // Without the key the dict holds no answer text: refused, as before.
    refused(await plan([LLM, code(cells[1].source.replace('output_key="title"', 'output_key="headline"')), cells[2]]), /no answer text/);
  });
});
