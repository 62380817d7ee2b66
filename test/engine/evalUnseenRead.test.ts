// Eval cases from a read of cases written on unseen LangChain / Vertex AI notebooks (issue 14, eleventh holdout:
// 22 of 30 usable, 26 of 32 refusals right). Each test is one finding of that read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const printed = (source: string, ...streams: string[]): CellInput => ({ ...code(source, 2), outputs: streams, stdout: streams.join('') });
const returned = (source: string, result: string): CellInput => ({ ...code(source, 2), result, outputs: [], stdout: '' });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/read.ipynb', 'r1');
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return p.cases[0];
};
const refused = (p: Awaited<ReturnType<typeof plan>>, reason: RegExp, modelCall = true) => assert.ok('refused' in p && p.modelCall === modelCall && reason.test(p.refused), JSON.stringify(p));

const OPENAI = code('from langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate, PromptTemplate\nfrom langchain_core.output_parsers import StrOutputParser\nfrom langchain_core.runnables import RunnableLambda, RunnableSequence\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)');

describe('eval cases: what a read of unseen notebooks found', () => {
  it('takes the model a function of the cell makes (`model = GenerativeModel(…)` in its body) and the text part of a response printed in protobuf text format', async () => {
    const c = one(await plan([
      printed(
        'from vertexai.generative_models import GenerativeModel\n\ndef ask():\n    model = GenerativeModel("gemini-1.0-pro")\n    chat = model.start_chat()\n    print(chat.send_message("""Name three rivers in Spain."""))\n\nask()',
        'candidates {\n  content {\n    role: "model"\n    parts {\n      text: "The Ebro, the Tagus and the Guadalquivir. The Tagus is the longest of them, it\\\'s shared with Portugal.\\n"\n    }\n  }\n  finish_reason: STOP\n  safety_ratings {\n    category: HARM_CATEGORY_HATE_SPEECH\n    probability: NEGLIGIBLE\n  }\n}\nusage_metadata {\n  prompt_token_count: 7\n  candidates_token_count: 24\n}\n',
      ),
    ]));
    assert.equal(c.model, 'gemini-1.0-pro');
    assert.equal(c.reference, "The Ebro, the Tagus and the Guadalquivir. The Tagus is the longest of them, it's shared with Portugal.");
    // Two text parts: no single answer to take.
    refused(await plan([
      printed(
        'from vertexai.generative_models import GenerativeModel\nmodel = GenerativeModel("gemini-1.0-pro")\nprint(model.generate_content("Name two rivers."))',
        'candidates {\n  content {\n    parts {\n      text: "The Ebro"\n    }\n    parts {\n      text: "and the Tagus."\n    }\n  }\n}\n',
      ),
    ]), /protobuf text/);
  });

  it('reads a string `pprint` showed as a run of quoted pieces back as the text', async () => {
    const c = one(await plan([
      OPENAI,
      printed('from pprint import pprint\nreply = llm.invoke("Explain in two short paragraphs why bread goes stale.")\npprint(reply.content)', "('Bread goes stale because its starch recrystallises as it cools and dries, '\n 'which makes the crumb firm.\\n'\n '\\n'\n \"It's not only water loss: the starch itself changes.\")\n"),
    ]));
    assert.equal(c.reference, "Bread goes stale because its starch recrystallises as it cools and dries, which makes the crumb firm.\n\nIt's not only water loss: the starch itself changes.");
  });

  it('refuses a chain whose model name was rebound later (document order) to a class the case cannot name, not the model made first', async () => {
    const cells = [
      OPENAI,
      code('prompt = PromptTemplate.from_template("Describe {city} in one sentence.")\nchain = prompt | llm'),
      code('from langchain_community.llms import VLLMOpenAI\nllm = VLLMOpenAI(model="local-model", openai_api_base="http://localhost:8000/v1")\nchain = prompt | llm'),
      printed('response = chain.invoke({"city": "Lisbon"})\nprint(response)', 'Lisbon is the hilly, sunlit capital of Portugal on the Tagus.\n'),
    ];
    refused(await plan(cells), /`llm` is last bound to `VLLMOpenAI\(…\)`/);
    // Before the rebinding, the chain asks the model made first.
    assert.equal(one(await plan([...cells.slice(0, 2), cells[3]])).model, 'gpt-4o-mini');
  });

  it('takes the binding of a model name that reaches the call: `hf` rebound to `HuggingFacePipeline.from_model_id(…)` (twelfth holdout), or refused when rebound to a helper\'s result', async () => {
    const cells = [
      code('from transformers import pipeline\nfrom langchain_community.llms import HuggingFacePipeline\nfrom langchain_core.prompts import PromptTemplate\ngen = pipeline(task="text-generation", model="acme/tiny-chat-1b", max_new_tokens=80)\nhf = HuggingFacePipeline(pipeline=gen)\nprompt = PromptTemplate.from_template("{topic} in one line:")'),
      code('hf = HuggingFacePipeline.from_model_id(\n    model_id="distilgpt2", task="text-generation", device=-1, pipeline_kwargs={"max_new_tokens": 60}\n)'),
      printed('chain = prompt | hf\nprint(chain.invoke({"topic": "Tides"}))', 'Tides are the rise and fall of the sea caused by the Moon.\n'),
    ];
    const c = one(await plan(cells));
    assert.equal(c.model, 'distilgpt2');
    assert.deepEqual(c.params, { pipeline_kwargs: { max_new_tokens: 60 } });
    // Before the rebinding, the pipeline's own model.
    assert.equal(one(await plan([cells[0], cells[2]])).model, 'acme/tiny-chat-1b');
    // Rebound to what a notebook function returns: which model it is is not in the notebook's literals.
    refused(await plan([cells[0], code('hf = load_local_model("tiny")'), cells[2]]), /`hf` is last bound to `load_local_model\(…\)`/);
  });

  it('takes a chain made by the notebook\'s own builder (`make_chain(tmpl)` only does `PromptTemplate.from_template(t) | llm`) as that chain (twelfth holdout)', async () => {
    const builder = code('def make_chain(template_text):\n    """Build a chain from a template."""\n    tmpl = PromptTemplate.from_template(template_text)\n    return tmpl | llm');
    const c = one(await plan([
      OPENAI,
      builder,
      printed('ask = """Give one fun fact about {animal}.\nAnswer in one sentence."""\nfact_chain = make_chain(ask)\nprint(fact_chain.invoke({"animal": "octopuses"}).content)', 'Octopuses have three hearts and blue blood.\n'),
    ]));
    assert.equal(c.input.prompt, 'Give one fun fact about octopuses.\nAnswer in one sentence.');
    assert.equal(c.model, 'gpt-4o-mini');
    assert.equal(c.reference, 'Octopuses have three hearts and blue blood.');
    // A builder that does more than fill a template (a string of its own, a memory): still refused.
    refused(await plan([
      OPENAI,
      code('def make_chain(template_text):\n    tmpl = PromptTemplate.from_template(template_text + "\\nBe brief.")\n    return tmpl | llm'),
      printed('fact_chain = make_chain("Give one fun fact about {animal}.")\nprint(fact_chain.invoke({"animal": "octopuses"}).content)', 'Octopuses have three hearts.\n'),
    ]), /template is not written out/);
  });

  it('cuts the answer out of the literals the notebook\'s own printer frames it with (`show_reply(reply)`: a label, a rule, the value, a rule) (twelfth holdout)', async () => {
    const framer = code('def show_reply(reply):\n    """Print a reply between rules."""\n    print("Reply:")\n    print("=" * 30)\n    print(reply)\n    print("=" * 30)\n    print()');
    const c = one(await plan([
      OPENAI,
      framer,
      printed('reply = llm.invoke("Suggest a name for a bakery run by cats.").content\nshow_reply(reply)', 'Reply:\n==============================\n**Purrfect Crumbs**\n\nA cosy bakery where every loaf is kneaded with paws.\n==============================\n\n'),
    ]));
    assert.equal(c.reference, '**Purrfect Crumbs**\n\nA cosy bakery where every loaf is kneaded with paws.');
    // A printer that also prints something computed (a length) is no frame: still refused.
    refused(await plan([
      OPENAI,
      code('def show_reply(reply):\n    print("Reply:")\n    print(reply)\n    print(len(reply))'),
      printed('reply = llm.invoke("Suggest a name for a bakery run by cats.").content\nshow_reply(reply)', 'Reply:\nPurrfect Crumbs\n15\n'),
    ]), /shows nothing itself/);
  });

  it('refuses chat messages sent to a text-completion model (`HuggingFaceEndpoint`), which gets them flattened', async () => {
    refused(await plan([
      code('from langchain_huggingface import HuggingFaceEndpoint\nfrom langchain_core.prompts import ChatPromptTemplate\nfrom langchain_core.output_parsers import StrOutputParser\nllm = HuggingFaceEndpoint(repo_id="org/some-instruct-7b", max_new_tokens=128)'),
      code('prompt = ChatPromptTemplate.from_messages([("system", "You answer briefly."), ("user", "{question}")])\nchain = prompt | llm | StrOutputParser()'),
      returned('chain.invoke({"question": "What is the capital of Chile?"})', "'Santiago is the capital of Chile.\\nHuman: And of Peru?\\nAssistant: Lima.'"),
    ]), /text-completion model \(`HuggingFaceEndpoint\(…\)`\)/);
  });

  it('cuts the token and cost lines printed with `\\t` in their labels inside `with get_openai_callback() as cb:`', async () => {
    const c = one(await plan([
      OPENAI,
      printed(
        'from langchain_community.callbacks import get_openai_callback\nwith get_openai_callback() as cb:\n    result = llm.invoke("Which planet is closest to the sun?")\n    print(f"Answer: {result.content}")\n    print(f"Prompt tokens:\\t{cb.prompt_tokens}")\n    print(f"Total cost:\\t${cb.total_cost:.5f}")',
        'Answer: Mercury is the planet closest to the sun.\nPrompt tokens:\t15\nTotal cost:\t$0.00002\n',
      ),
    ]));
    assert.equal(c.reference, 'Mercury is the planet closest to the sun.');
  });

  it('refuses a chain that runs the notebook\'s function on the model\'s text (`| RunnableLambda(f)` where f prints or runs code)', async () => {
    const cells = [
      OPENAI,
      code('def run_snippet(snippet):\n    print("Running:")\n    print(snippet)\n    return repl.run(snippet)\n\ndef tidy(text):\n    return text.strip()\n\nprompt = ChatPromptTemplate.from_messages([("system", "Reply with Python code only."), ("human", "{task}")])\nrunner = prompt | llm | StrOutputParser() | RunnableLambda(run_snippet)\ntidy_chain = prompt | llm | StrOutputParser() | RunnableLambda(tidy)'),
    ];
    refused(await plan([...cells, printed('print(runner.invoke("Print the squares of 1 to 3."))', 'Running:\nfor i in range(1, 4):\n    print(i * i)\n1\n4\n9\n')]), /runs the notebook's function `run_snippet`/);
    // A function that only reshapes the text is no such step.
    assert.ok('cases' in (await plan([...cells, returned('tidy_chain.invoke("Print the squares of 1 to 3.")', "'for i in range(1, 4):\\n    print(i * i)'")])));
  });

  it('refuses a chain that runs the answer through a guard (`| guard.to_runnable()`), which may fix or filter it (holdout13)', async () => {
    const cells = [
      OPENAI,
      code('import guardrails as gd\nguard = gd.Guard().use(CompetitorCheck(["Acme"], on_fail="fix"))\nprompt = ChatPromptTemplate.from_messages([("user", "{question}")])\nguarded = prompt | llm | guard.to_runnable() | StrOutputParser()\nplain = prompt | llm | StrOutputParser()'),
    ];
    refused(await plan([...cells, returned('guarded.invoke({"question": "Who makes the best rockets?"})', "'Several companies build rockets.'")]), /through a guard \(`guard\.to_runnable\(\)`\)/);
    // The same chain without the guard gives a case.
    assert.ok('cases' in (await plan([...cells, returned('plain.invoke({"question": "Who makes the best rockets?"})', "'Several companies build rockets.'")])));
  });

  it('reads `content=` of a message printed with `str()` after a label (`print(f"[Answer]: {llm.invoke(q)}")`)', async () => {
    const c = one(await plan([
      OPENAI,
      printed('question = "What is the largest ocean?"\nprint(f"[Answer]: {llm.invoke(question)}")', "[Answer]: content='The Pacific Ocean is the largest.' additional_kwargs={'refusal': None} response_metadata={'token_usage': {'completion_tokens': 8, 'prompt_tokens': 13}, 'model_name': 'gpt-4o-mini'} id='run-0a1b2c3d-4e5f' usage_metadata={'input_tokens': 13}\n"),
    ]));
    assert.equal(c.reference, 'The Pacific Ocean is the largest.');
  });

  it('reads `RunnableSequence(prompt, llm)` as the chain `prompt | llm`', async () => {
    const c = one(await plan([
      OPENAI,
      printed('prompt = ChatPromptTemplate.from_messages([("system", "You translate into German."), ("human", "Translate: {text}")])\nto_german = RunnableSequence(prompt, llm)\nout = to_german.invoke({"text": "Good morning"})\nprint("German:", out.content)', 'German: Guten Morgen\n'),
    ]));
    assert.deepEqual(c.input.messages, [{ role: 'system', content: 'You translate into German.' }, { role: 'user', content: 'Translate: Good morning' }]);
    assert.equal(c.reference, 'Guten Morgen');
    assert.equal(c.model, 'gpt-4o-mini');
  });

  it('splits the answers of a cell that defines a function which only returns `.content` (its `def` line is no call that may print)', async () => {
    const p = await plan([
      OPENAI,
      code('prompt = PromptTemplate.from_template("Give one fact about {animal}.")\nchain = prompt | llm'),
      printed('def text_of(message):\n    return message.content\n\nfact_chain = chain | text_of\na = fact_chain.invoke({"animal": "otters"})\nprint("Otters:", a)\nb = fact_chain.invoke({"animal": "owls"})\nprint("Owls:", b)', 'Otters: Otters hold hands while sleeping.\nOwls: Owls cannot move their eyes.\n'),
    ]);
    assert.ok('cases' in p && p.cases.length === 2, JSON.stringify(p));
    assert.deepEqual(p.cases.map((c) => c.reference), ['Otters hold hands while sleeping.', 'Owls cannot move their eyes.']);
  });

  it('does not count a prompt template rendered, a retriever or a splitter run as a model call (names that do not say so)', async () => {
    const rag = code('from langchain_core.prompts import ChatPromptTemplate\nfrom langchain_openai import ChatOpenAI\nfrom langchain_text_splitters import RecursiveCharacterTextSplitter\nllm = ChatOpenAI(model="gpt-4o-mini")\nprompt = ChatPromptTemplate.from_template("Summarise: {text}")\nret = store.as_retriever(search_kwargs={"k": 2})\nsplitter = RecursiveCharacterTextSplitter(chunk_size=200)');
    refused(await plan([rag, printed('value = prompt.invoke({"text": "tides"})\nprint(value.messages[0].content)', 'Summarise: tides\n')]), /`prompt` is a prompt template/, false);
    refused(await plan([rag, returned('ret.invoke("tides")', "[Document(metadata={}, page_content='Tides follow the moon.')]")]), /`ret` is a retriever/, false);
    refused(await plan([rag, code('from langchain_graphrag.indexing import TextUnitExtractor\nunits = TextUnitExtractor(text_splitter=splitter)'), returned('units.run(docs)', 'Empty DataFrame')]), /`units` is a retriever, splitter/, false);
    // The model asked after the template was rendered is still found.
    const c = one(await plan([rag, printed('value = prompt.invoke({"text": "Tides follow the moon and the sun."})\nanswer = llm.invoke("Summarise: Tides follow the moon and the sun.")\nprint(answer.content)', 'Tides are driven by the moon and the sun.\n')]));
    assert.equal(c.model, 'gpt-4o-mini');
  });

  it('takes the model a chain makes inline (`prompt | ChatOpenAI(model=…)`) though the notebook makes others', async () => {
    const c = one(await plan([
      OPENAI,
      code('writer = ChatOpenAI(model="gpt-4o", temperature=0.7)'),
      code('prompt = PromptTemplate.from_template("Answer with one word: is {thing} a fruit?")\nchecker = prompt | ChatOpenAI(model="gpt-4o-mini", temperature=0) | StrOutputParser()'),
      returned('checker.invoke({"thing": "a tomato"})', "'Yes'"),
    ]));
    assert.equal(c.model, 'gpt-4o-mini');
    assert.deepEqual(c.params, { temperature: 0 });
  });

  it('takes the fallback chain whose model the saved response names (`bad.with_fallbacks([a, b])`), and refuses when none or several match', async () => {
    const cells = [
      OPENAI,
      code('prompt = PromptTemplate.from_template("Reply briefly.\\n\\nQuestion: {question}\\nAnswer:")\nbroken = prompt | ChatOpenAI(model="no-such-model")\nfirst_backup = prompt | ChatOpenAI(model="gpt-3.5-turbo")\nsecond_backup = prompt | ChatOpenAI(model="gpt-4o")'),
    ];
    const saved = (model: string) => returned('safe = broken.with_fallbacks([first_backup, second_backup])\nsafe.invoke({"question": "What is the capital of Kenya?"})', `AIMessage(content='Nairobi', additional_kwargs={'refusal': None}, response_metadata={'token_usage': {'completion_tokens': 2}, 'model_name': '${model}', 'finish_reason': 'stop'}, id='run-5c6d7e8f')`);
    const c = one(await plan([...cells, saved('gpt-3.5-turbo-0125')]));
    assert.equal(c.model, 'gpt-3.5-turbo');
    assert.equal(c.input.prompt, 'Reply briefly.\n\nQuestion: What is the capital of Kenya?\nAnswer:');
    assert.equal(c.reference, 'Nairobi');
    assert.ok('refused' in (await plan([...cells, saved('claude-3-haiku')])));
  });

  it('twelfth holdout: a classifier result printed as a literal gives its label; a fake model and Vectara\'s RAG chat give no case', async () => {
    const setup = code('from transformers import pipeline\nsentiment = pipeline(task="sentiment-analysis", model="org/tweet-sentiment")');
    const c = one(await plan([setup, printed('print(sentiment("The parcel came two weeks late."))', "[{'label': 'LABEL_0', 'score': 0.8812}]\n")]));
    assert.equal(c.reference, 'LABEL_0');
    assert.deepEqual(c.grader, { kind: 'label', labels: ['LABEL_0'] });
    refused(await plan([code('from langchain_community.llms import FakeListLLM\nllm = FakeListLLM(responses=["Hello"])'), returned('llm.invoke("Hi there!")', "'Hello'")]), /test double \(`FakeListLLM`\)/);
    refused(await plan([
      code('from langchain_community.vectorstores import Vectara\nvectara = Vectara(vectara_customer_id=cid, vectara_corpus_id=corpus, vectara_api_key=key)\nbot = vectara.as_chat(config)'),
      printed('print(bot.invoke("What did the report say about rainfall?")["answer"])', 'Rainfall fell by a third [1].\n'),
    ]), /retrieved context is not in the case \(`as_chat`\)/);
  });
});
