// The client-library knowledge of eval cases, one test per table entry: every
// call shape in LLM_CALLS is found in a cell that imports its library (and only
// then), with its prompt; every message class in MESSAGE_CONSTRUCTORS resolves
// to a literal message. Plus the Hugging Face pipeline patterns met on real notebooks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLlmCall } from '../../server/src/engine/evals/findCall';
import { LLM_CALLS } from '../../server/src/engine/evals/llmCalls';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import { evaluate } from '../../server/src/engine/evals/resolve';
import { CHAT_ROLES, MESSAGE_CONSTRUCTORS } from '../../server/src/engine/knowledge/llmMessages';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const withOutput = (source: string, outputs: string[], result?: string): CellInput => ({ ...code(source, 1), outputs, result });

/** A call of each shape as a notebook writes it: the import that makes it a model call, and the call. */
const EXAMPLES: Record<string, { imports: string; call: string; refused?: RegExp }> = {
  'openai chat.completions.create': { imports: 'from openai import OpenAI', call: 'client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Name a prime."}])' },
  'openai completions.create': { imports: 'from openai import OpenAI', call: 'client.completions.create(model="gpt-3.5-turbo-instruct", prompt="Name a prime.")' },
  'openai responses.create': { imports: 'from openai import OpenAI', call: 'client.responses.create(model="gpt-4o-mini", input="Name a prime.")' },
  'openai ChatCompletion.create': { imports: 'import openai', call: 'openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": "Name a prime."}])' },
  'openai Completion.create': { imports: 'import openai', call: 'openai.Completion.create(model="text-davinci-003", prompt="Name a prime.")' },
  'mistral chat.complete': { imports: 'from mistralai import Mistral', call: 'client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "Name a prime."}])' },
  'mistral chat.stream': { imports: 'from mistralai import Mistral', call: 'client.chat.stream(model="mistral-small-latest", messages=[{"role": "user", "content": "Name a prime."}])' },
  'mistral chat': { imports: 'from mistralai.client import MistralClient', call: 'client.chat(model="mistral-tiny", messages=[{"role": "user", "content": "Name a prime."}])' },
  'cohere chat': { imports: 'import cohere', call: 'co.chat(model="command-r", message="Name a prime.")' },
  'cohere generate': { imports: 'import cohere', call: 'co.generate(model="command", prompt="Name a prime.")' },
  'anthropic messages.create': { imports: 'import anthropic', call: 'client.messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[{"role": "user", "content": "Name a prime."}])' },
  'gemini generate_content': { imports: 'from google import genai', call: 'client.models.generate_content(model="gemini-2.0-flash", contents="Name a prime.")' },
  'gemini generate_content_stream': { imports: 'from google import genai', call: 'client.models.generate_content_stream(model="gemini-2.0-flash", contents="Name a prime.")' },
  'gemini send_message': { imports: 'from google import genai', call: 'chat.send_message("Name a prime.")' },
  'bedrock invoke_model': { imports: 'import boto3', call: 'bedrock.invoke_model(modelId="anthropic.claude-v2", body=\'{"prompt": "Name a prime."}\')' },
  'bedrock converse': { imports: 'import boto3', call: 'bedrock.converse(modelId="amazon.nova-lite-v1:0", messages=[{"role": "user", "content": [{"text": "Name a prime."}]}])' },
  'langchain invoke': { imports: 'from langchain_openai import ChatOpenAI', call: 'llm.invoke("Name a prime.")' },
  'langchain predict': { imports: 'from langchain.llms import OpenAI', call: 'llm.predict("Name a prime.")' },
  'langchain run': { imports: 'from langchain.chains import LLMChain', call: 'chain.run("Name a prime.")' },
  // A query engine answers from retrieved documents: found as a model call, refused (the context is not in a case).
  'llama_index query': { imports: 'from llama_index.core import VectorStoreIndex', call: 'query_engine.query("Name a prime.")', refused: /retrieved context is not in the case/ },
  'llama_index complete': { imports: 'from llama_index.llms.openai import OpenAI', call: 'llm.complete("Name a prime.")' },
  'huggingface text_generation': { imports: 'from huggingface_hub import InferenceClient', call: 'client.text_generation("Name a prime.", model="HuggingFaceH4/zephyr-7b-beta")' },
  'huggingface chat_completion': { imports: 'from huggingface_hub import InferenceClient', call: 'client.chat_completion(messages=[{"role": "user", "content": "Name a prime."}], model="HuggingFaceH4/zephyr-7b-beta")' },
  'ollama ollama.chat': { imports: 'import ollama', call: 'ollama.chat(model="llama3", messages=[{"role": "user", "content": "Name a prime."}])' },
  'litellm litellm.completion': { imports: 'import litellm', call: 'litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": "Name a prime."}])' },
};

describe('LLM_CALLS: every client call shape, found when its library is imported', () => {
  for (const shape of LLM_CALLS) {
    const key = `${shape.vendor} ${shape.method}`;
    it(key, async () => {
      const engine = await getEngine();
      const example = EXAMPLES[key];
      assert.ok(example, `no example for ${key}`);
      const statements = (s: string) => engine.statements(s);
      const found = findLlmCall([code(example.imports), withOutput(`r = ${example.call}\nprint(r)`, ['7\n'])], 1, statements);
      if (example.refused) {
        assert.ok('refused' in found && found.modelCall && example.refused.test(found.refused), JSON.stringify(found));
        return;
      }
      assert.ok('call' in found, JSON.stringify(found));
      assert.equal(found.call.vendor, shape.vendor);
      assert.ok(found.call.callee.endsWith(shape.method), found.call.callee);
      assert.match(JSON.stringify(found.call.input), /Name a prime\./);
      // Without the library's import, the same text is no model call.
      const alone = findLlmCall([code('import json'), withOutput(`r = ${example.call}\nprint(r)`, ['7\n'])], 1, statements);
      assert.ok('refused' in alone && !alone.modelCall, `${key} found without its import`);
    });
  }
});

describe('SDKs that copy OpenAI\'s client are model calls of the same shape, of their own vendor', () => {
  const sdks: [string, string][] = [['from together import Together', 'together'], ['import together', 'together'], ['from fireworks.client import Fireworks', 'fireworks'], ['from cerebras.cloud.sdk import Cerebras', 'cerebras'], ['from groq import Groq', 'groq'], ['from openai import OpenAI\nfrom groq import Groq', 'openai']];
  for (const [imports, vendor] of sdks) {
    it(`${imports.replace(/\n/g, '; ')}: ${vendor}`, async () => {
      const engine = await getEngine();
      const statements = (s: string) => engine.statements(s);
      const call = 'client.chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=[{"role": "user", "content": "Name a prime."}])';
      const found = findLlmCall([code(imports), withOutput(`r = ${call}\nprint(r.choices[0].message.content)`, ['7\n'])], 1, statements);
      assert.ok('call' in found, JSON.stringify(found));
      // The call is the vendor's whose SDK the notebook imports (openai's when it imports openai).
      assert.equal(found.call.vendor, vendor);
      assert.equal(found.call.model, 'meta-llama/Llama-3.3-70B-Instruct-Turbo');
    });
  }
});

describe('MESSAGE_CONSTRUCTORS: a message written with the library\'s class is a literal message', () => {
  const calls: Record<string, [string, unknown]> = {
    HumanMessage: ['HumanMessage(content="Hi")', { role: 'user', content: 'Hi' }],
    SystemMessage: ['SystemMessage("Be brief.")', { role: 'system', content: 'Be brief.' }],
    AIMessage: ['AIMessage(content="Hello!")', { role: 'assistant', content: 'Hello!' }],
    ChatMessage: ['ChatMessage(role="user", content="Hi")', { role: 'user', content: 'Hi' }],
    UserMessage: ['UserMessage(content="Hi")', { role: 'user', content: 'Hi' }],
    AssistantMessage: ['AssistantMessage(content="Hello!")', { role: 'assistant', content: 'Hello!' }],
    'types.Part.from_text': ['types.Part.from_text(text="Hi")', { text: 'Hi' }],
    'types.Part': ['genai.types.Part(text="Hi")', { text: 'Hi' }],
    'types.Content': ['types.Content(role="user", parts=[types.Part(text="Hi")])', { role: 'user', parts: [{ text: 'Hi' }] }],
  };
  for (const name of Object.keys(MESSAGE_CONSTRUCTORS)) {
    it(name, () => {
      const [text, expected] = calls[name] ?? [];
      assert.ok(text, `no example for ${name}`);
      assert.deepEqual(evaluate(text), expected);
    });
  }

  it('leaves a message with an argument it does not know (an image, a computed text) computed', () => {
    assert.throws(() => evaluate('HumanMessage(content=[{"type": "image_url", "image_url": url}])'), /url/);
    assert.throws(() => evaluate('types.Part(inline_data="aGk=")'), /types\.Part/);
    assert.throws(() => evaluate('HumanMessage(content=text, name="x")'), /text|HumanMessage/);
  });

  it('CHAT_ROLES: LangChain\'s tuple messages become a messages input', async () => {
    const engine = await getEngine();
    for (const [role, as] of Object.entries(CHAT_ROLES)) {
      const cells = [code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")'), withOutput(`llm.invoke([("${role}", "Say hi.")])`, [], "AIMessage(content='Hi!')")];
      const p = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'nb.ipynb');
      assert.ok('case' in p, JSON.stringify(p));
      assert.deepEqual(p.case.input.messages, [{ role: as, content: 'Say hi.' }]);
    }
  });

  it('a LangChain chat with literal system, human and AI messages is a case with those messages and the content as reference', async () => {
    const engine = await getEngine();
    const cells = [
      code('from langchain_openai import ChatOpenAI\nfrom langchain_core.messages import HumanMessage, SystemMessage, AIMessage\nchat = ChatOpenAI(model="gpt-3.5-turbo", temperature=0)'),
      withOutput('messages = [\n    SystemMessage(content="You classify sentiment as positive, negative or neutral."),\n    HumanMessage(content="I am doing brilliant today!"),\n]\n\nchat.invoke(messages)', [], "AIMessage(content='positive', response_metadata={'token_usage': {'total_tokens': 41}})"),
    ];
    const p = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'nb.ipynb');
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(p.case.input.messages, [{ role: 'system', content: 'You classify sentiment as positive, negative or neutral.' }, { role: 'user', content: 'I am doing brilliant today!' }]);
    assert.equal(p.case.reference, 'positive');
    assert.equal(p.case.model, 'gpt-3.5-turbo');
  });
});

describe('Hugging Face pipelines: patterns met on real notebooks', () => {
  const plan = async (cells: CellInput[]) => {
    const engine = await getEngine();
    return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
  };

  it('takes the model from `model=`, never the task name, and a classification\'s label as the answer', async () => {
    const p = await plan([code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")'), withOutput('classifier("We are very happy to show you this library.")', [], "[{'label': 'POSITIVE', 'score': 0.9998}]")]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'distilbert-base-uncased-finetuned-sst-2-english');
    assert.equal(p.case.reference, 'POSITIVE');
    assert.equal(p.case.grader.kind, 'label');
    const noModel = await plan([code('from transformers import pipeline\ngenerator = pipeline("text-generation")'), withOutput('generator("Once upon a time,")', [], "[{'generated_text': 'Once upon a time, a fox ran.'}]")]);
    assert.ok('case' in noModel, JSON.stringify(noModel));
    // Made without a model: the task's default (ev18), still never the task name.
    assert.equal(noModel.case.model, 'openai-community/gpt2');
  });

  it('reads the answer printed from a loop over the pipeline\'s results, and refuses several sequences asked at once', async () => {
    const setup = code('from transformers import pipeline\npipe = pipeline("text-generation", model="bigscience/bloomz-560m")');
    const one = await plan([setup, withOutput('prompt = """Translate the English text to Italian.\nText: I like tea.\nTranslation:\n"""\nsequences = pipe(prompt, max_new_tokens=20, return_full_text=False)\nfor seq in sequences:\n    print(f"{seq[\'generated_text\']}")', ['Mi piace il tè.\n'])]);
    assert.ok('case' in one, JSON.stringify(one));
    assert.equal(one.case.reference, 'Mi piace il tè.');
    const three = await plan([setup, withOutput('sequences = pipe("Write a haiku.", num_return_sequences=3)\nfor seq in sequences:\n    print(seq["generated_text"])', ['Leaves fall\nSnow falls\nRain falls\n'])]);
    assert.ok('refused' in three && /3 times|2 times|mixes/.test(three.refused), JSON.stringify(three));
  });
});

describe('the saved answer: patterns met on real notebooks (third pass)', () => {
  const plan = async (cells: CellInput[]) => {
    const engine = await getEngine();
    return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb');
  };

  it('keeps an answer written in XML-like tags, which is no HTML twin of another output', async () => {
    const p = await plan([code('import anthropic\nclient = anthropic.Anthropic()'), withOutput('response = client.messages.create(model="claude-3-haiku-20240307", max_tokens=200, messages=[{"role": "user", "content": "Is this post about rollercoasters? Answer in <output> tags: Buy my band\'s album!"}])\nprint(response.content[0].text)', ['<thinking>\nIt promotes a band.\n</thinking>\n\n<output>BLOCK</output>\n'])]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, '<thinking>\nIt promotes a band.\n</thinking>\n\n<output>BLOCK</output>');
    const html = await plan([code('import anthropic\nclient = anthropic.Anthropic()'), withOutput('response = client.messages.create(model="claude-3-haiku-20240307", max_tokens=200, messages=[{"role": "user", "content": "Name a colour."}])\ndisplay(Markdown(response.content[0].text))', ['Blue', '<p>Blue</p>'])]);
    assert.ok('case' in html, JSON.stringify(html));
    assert.equal(html.case.reference, 'Blue');
  });

  it('reads a print saved as the cell\'s result (the cell ends in a print, so it has no value)', async () => {
    const printed = 'Result: Classify the text.\nText: I love it.\nSentiment:\nPositive';
    const p = await plan([code('from transformers import pipeline\npipe = pipeline("text-generation", model="tiiuae/falcon-7b-instruct")'), withOutput('prompt = """Classify the text.\nText: I love it.\nSentiment:\n"""\nsequences = pipe(prompt, max_new_tokens=10)\nfor seq in sequences:\n    print(f"Result: {seq[\'generated_text\']}")', [printed], printed)]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.reference, 'Positive');
    // A cell that ends in an expression keeps its value as the answer, even when its last line is indented.
    const value = await plan([code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")'), withOutput('llm.invoke(\n    "Name a colour."\n    )', [], "AIMessage(content='Blue')")]);
    assert.ok('case' in value && value.case.reference === 'Blue', JSON.stringify(value));
  });
});

describe('eval cases: a call whose inputs or answer the cell does not fix', () => {
  it('refuses a call in a function the cell defines but does not call (its parameter is not the earlier cell\'s name)', async () => {
    const engine = await getEngine();
    const cells = [
      code('from mistralai.client import MistralClient\nclient = MistralClient()\nmessages = [{"role": "user", "content": "Write a Celsius converter."}]'),
      withOutput('def ask_safely(messages, model="mistral-small"):\n    return client.chat(model=model, messages=messages, safe_mode=True)\n\nmessages = [{"role": "user", "content": "Say something mean"}]\nresponse = ask(messages)\nprint(response.choices[0].message.content)', ['I will not say anything mean.\n']),
    ];
    const p = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'nb.ipynb');
    assert.ok('refused' in p && p.modelCall && /ask_safely/.test(p.refused), JSON.stringify(p));
  });

  it('records a legacy OpenAI call\'s engine as its model', async () => {
    const engine = await getEngine();
    const cells = [code('import openai'), withOutput('res = openai.Completion.create(engine="text-davinci-003", prompt="Name a prime.", temperature=0)\nprint(res["choices"][0]["text"].strip())', ['7\n'])];
    const p = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'nb.ipynb');
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.model, 'text-davinci-003');
    assert.deepEqual(p.case.params, { temperature: 0 });
  });
});
