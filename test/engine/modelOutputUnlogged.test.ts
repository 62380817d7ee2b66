// NB507 model-output-unlogged: a function of the project's own code that hands the
// text of an LLM answer on without recording the model or prompt version. True
// cases, the false cases that must stay silent, and where it runs (modules, never
// notebooks; silent in a project that traces its model calls).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { MODEL_CALL_APIS } from '../../server/src/engine/knowledge/libraries';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { analyze, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

const CONFIG = mergeConfig({ select: ['NB507'] });

async function nb507(source: string): Promise<string[]> {
  const engine = await getEngine();
  return engine.analyzeModule(source, CONFIG).filter((f) => f.code === 'NB507').map((f) => `${f.range.start.line + 1}:${source.split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

const OPENAI_ANSWER = `from openai import OpenAI

client = OpenAI(timeout=30)


def answer(question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
    )
    return reply.choices[0].message.content
`;

describe('NB507 model calls, one test per entry of MODEL_CALL_APIS', () => {
  for (const api of MODEL_CALL_APIS) {
    it(`${api.qualified ?? api.method} (${api.what})`, async () => {
      const findings = (await getEngine()).analyzeModule(api.example, CONFIG).filter((f) => f.code === 'NB507');
      assert.equal(findings.length, 1, api.example);
      assert.ok(findings[0].message.includes(api.what), findings[0].message);
    });
  }
});

describe('NB507 model-output-unlogged', () => {
  it('reports a function returning the text of an OpenAI answer with nothing recorded', async () => {
    assert.deepEqual(await nb507(OPENAI_ANSWER), ['7:client.chat.completions.create']);
    const [f] = (await getEngine()).analyzeModule(OPENAI_ANSWER, CONFIG);
    assert.equal(f.severity, 'information');
    assert.match(f.message, /^`answer\(\)` hands on the output of an OpenAI completion \(`client\.chat\.completions\.create\(…\)`\) without recording which model or prompt version made it/);
  });

  it('follows the text through names, f-strings and printing, for Anthropic, Gemini, Mistral, Bedrock and LangChain', async () => {
    assert.deepEqual(await nb507(`import anthropic

client = anthropic.Anthropic()


def summarise(doc):
    message = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=[{"role": "user", "content": doc}])
    text = message.content[0].text
    summary = f"Summary: {text}"
    return {"summary": summary}
`), ['7:client.messages.create']);
    assert.deepEqual(await nb507(`from google import genai

gemini = genai.Client()


def caption(image):
    print(gemini.models.generate_content(model="gemini-2.0-flash", contents=[image]).text)
`), ['7:gemini.models.generate_content']);
    assert.deepEqual(await nb507(`from mistralai import Mistral

client = Mistral(api_key=KEY)


def stream(question):
    response = client.chat.stream(model="mistral-small", messages=[question])
    out = client.chat.complete(model="mistral-small", messages=[question])
    yield out.choices[0].message.content
`), ['8:client.chat.complete']);
    assert.deepEqual(await nb507(`import boto3

runtime = boto3.client("bedrock-runtime")


def ask(prompt):
    response = runtime.converse(modelId=MODEL, messages=[{"role": "user", "content": [{"text": prompt}]}])
    return response["output"]["message"]["content"][0]["text"]
`), ['7:runtime.converse']);
    assert.deepEqual(await nb507(`from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini")


def grade(answer):
    verdict = llm.invoke(f"Grade this answer: {answer}").content
    return verdict.strip()
`), ['7:llm.invoke']);
  });

  it('is silent when the function logs the model or prompt version, traces the call, or returns the model id with the answer', async () => {
    const logged = OPENAI_ANSWER.replace('    return reply', '    log.info("answered", extra={"model": reply.model, "prompt_version": PROMPT_VERSION})\n    return reply');
    assert.deepEqual(await nb507(logged), []);
    const traced = OPENAI_ANSWER.replace('def answer', '@traceable(name="answer")\ndef answer');
    assert.deepEqual(await nb507(traced), []);
    const spanned = OPENAI_ANSWER.replace('    reply = ', '    span = tracer.start_as_current_span("answer")\n    reply = ');
    assert.deepEqual(await nb507(spanned), []);
    const withModel = OPENAI_ANSWER.replace('return reply.choices[0].message.content', 'return {"text": reply.choices[0].message.content, "model": reply.model}');
    assert.deepEqual(await nb507(withModel), []);
    // A module that imports an LLM tracer records every call it makes.
    assert.deepEqual(await nb507(`from langsmith.wrappers import wrap_openai\n${OPENAI_ANSWER}`), []);
  });

  it('is silent for the whole response handed on (it carries its model id), for metrics computed from the text, and for retrievers and tools', async () => {
    assert.deepEqual(await nb507(OPENAI_ANSWER.replace('return reply.choices[0].message.content', 'return reply')), []);
    assert.deepEqual(await nb507(`from openai import OpenAI

client = OpenAI(timeout=30)


def agreement(question, expected):
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[question])
    text = reply.choices[0].message.content
    return exact_match(text, expected)
`), []);
    assert.deepEqual(await nb507(`from langchain_core.tools import tool


def lookup(query, retriever, search_tool):
    docs = retriever.invoke(query)
    hits = search_tool.invoke({"query": query})
    return [d.page_content for d in docs] + hits.content
`), []);
  });

  it('is silent for a model method that delegates to the same method, for code outside functions, and for names no import explains', async () => {
    assert.deepEqual(await nb507(`from langchain_core.runnables import Runnable


class Answerer:
    def invoke(self, question):
        return self.chain.invoke(question).content
`), []);
    assert.deepEqual(await nb507(`from openai import OpenAI

client = OpenAI(timeout=30)
reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])
print(reply.choices[0].message.content)
`), []);
    assert.deepEqual(await nb507(`def answer(client, q):
    reply = client.chat.completions.create(model="m", messages=[q])
    return reply.choices[0].message.content
`), []);
  });

  it('never speaks in a notebook, where looking at an answer is the point', async () => {
    const findings = await analyze(OPENAI_ANSWER.split('\n\n\n'), { select: ['NB507'] });
    assert.deepEqual(findings.map((f) => f.code), []);
  });

  it('runs on the src/ modules of a project, and is silent when the project traces its model calls', async () => {
    const engine = await getEngine();
    const files = { 'pyproject.toml': '[project]\nname = "helpdesk"\n', 'src/helpdesk/__init__.py': '', 'src/helpdesk/answer.py': OPENAI_ANSWER };
    const run = (root: string) => {
      const model = buildProjectModel(root, (s) => engine.summarize(s));
      return analyzeProjectFiles(model, CONFIG, (source) => engine.analyzeModule(source, CONFIG, model)).flatMap((f) => f.findings.filter((x) => x.code === 'NB507').map((x) => `${f.file}:${x.range.start.line + 1}`));
    };
    assert.deepEqual(run(writeProject(files)), ['src/helpdesk/answer.py:7']);
    const instrumented = { ...files, 'src/helpdesk/telemetry.py': 'from opentelemetry.instrumentation.openai import OpenAIInstrumentor\n\nOpenAIInstrumentor().instrument()\n' };
    assert.deepEqual(run(writeProject(instrumented)), []);
    const tracedByEnv = { ...files, '.env.example': 'OPENAI_API_KEY=\nLANGSMITH_TRACING=true\n' };
    assert.deepEqual(run(writeProject(tracedByEnv)), []);
    // holdout10: trulens' snowflake-ai-stack wraps its RAG class in `@instrument` spans and `TruApp`.
    const trulens = { ...files, 'src/helpdesk/rag.py': 'from trulens.core.otel.instrument import instrument\n\nclass Rag:\n    @instrument()\n    def answer(self, q):\n        return q\n' };
    assert.deepEqual(run(writeProject(trulens)), []);
  });
});

describe('NB507 a provider adapter asked for the model its caller built it with (holdout5)', () => {
  const ADAPTER = (base: string, model: string) => `import openai


class ChatBackend:
    def __init__(self, model: str) -> None:
        self.model = model

    def complete(self, prompt: str) -> str:
        raise NotImplementedError


class OpenAIBackend(${base}):
    def __init__(self, model: str, api_key: str) -> None:
        super().__init__(model)
        self.client = openai.OpenAI(api_key=api_key, timeout=30)

    def complete(self, prompt: str) -> str:
        response = self.client.chat.completions.create(
            model=${model},
            messages=[{"role": "user", "content": prompt}],
        )
        return response.choices[0].message.content
`;

  it('is silent for a subclass method passing model=self.model: the caller holds the model and records the output', async () => {
    assert.deepEqual(await nb507(ADAPTER('ChatBackend', 'self.model')), []);
  });

  it('is silent when the method\'s parameters start on the next line (`def __call__(\\n self, …`) (holdout10: semantic-router\'s OpenAILLM)', async () => {
    const wrapped = ADAPTER('ChatBackend', 'self.model').replace('def complete(self, prompt: str) -> str:\n        response', 'def complete(\n        self,\n        prompt: str,\n    ) -> str:\n        response');
    assert.ok(wrapped.includes('def complete(\n        self,'));
    assert.deepEqual(await nb507(wrapped), []);
  });

  it('is silent when the method takes the model from the instance into a local name first (holdout15: evidently\'s LiteLLMWrapper)', async () => {
    const split = ADAPTER('ChatBackend', 'model').replace('        response = self.client', '        vendor, model = self.vendor_and_model\n        response = self.client');
    assert.ok(split.includes('vendor, model = self.vendor_and_model'));
    assert.deepEqual(await nb507(split), []);
    assert.deepEqual(await nb507(ADAPTER('ChatBackend', 'model').replace('        response = self.client', '        model = self.model\n        response = self.client')), []);
    // A local name holding a fixed id is not the caller's model.
    assert.deepEqual(await nb507(ADAPTER('ChatBackend', 'model').replace('        response = self.client', '        model = "gpt-4o-mini"\n        response = self.client')), ['19:self.client.chat.completions.create']);
  });

  it('is silent when the caller passes the model to each call, a required (keyword-only) parameter (holdout20: NeMo-Curator\'s OpenAIClient)', async () => {
    const perCall = (parameters: string) => ADAPTER('ChatBackend', 'model').replace('def complete(self, prompt: str) -> str:\n        response', `def complete(  # noqa: PLR0913\n        self,\n${parameters}    ) -> str:\n        response`);
    const keywordOnly = perCall('        *,\n        prompt: str,\n        model: str,\n        temperature: float | None = None,\n');
    assert.ok(keywordOnly.includes('        model: str,\n'));
    assert.deepEqual(await nb507(keywordOnly), []);
    assert.deepEqual(await nb507(perCall('        prompt: str,\n        model,\n')), []);
    // A default model is the adapter's own choice; a class with no interface is not an adapter.
    assert.deepEqual(await nb507(perCall('        prompt: str,\n        model: str = "gpt-4o-mini",\n')), ['22:self.client.chat.completions.create']);
    assert.deepEqual(await nb507(keywordOnly.replace('class OpenAIBackend(ChatBackend):', 'class OpenAIBackend:')), ['24:self.client.chat.completions.create']);
  });

  it('still reports a fixed model id in the adapter, and a class with no interface to implement', async () => {
    assert.deepEqual(await nb507(ADAPTER('ChatBackend', '"gpt-4o-mini"')), ['18:self.client.chat.completions.create']);
    assert.deepEqual(await nb507(ADAPTER('', 'self.model').replace('class OpenAIBackend():', 'class OpenAIBackend:')), ['18:self.client.chat.completions.create']);
    // A generator that makes data with the model it was given is where that data's model should be recorded (holdout5 labels right).
    assert.deepEqual(await nb507(ADAPTER('ChatBackend', 'self.model').replace('class ChatBackend:', 'class QuestionWriter:').replace('(ChatBackend)', '(QuestionWriter)')), ['18:self.client.chat.completions.create']);
  });
});

describe('NB507 a private helper told the model by its caller (holdout15: a library\'s feature generator)', () => {
  const helper = (name: string, parameters: string) => `from openai import OpenAI


def ${name}(${parameters}):
    final = template.replace("{question}", question)
    reply = client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": final}],
    )
    return reply.choices[0].message.content
`;

  it('is silent for a `_helper(client, model, …)` whose model is a required parameter: the caller chose it', async () => {
    assert.deepEqual(await nb507(helper('_ask_model', 'client: OpenAI, model: str, template: str, question: str')), []);
    assert.deepEqual(await nb507(helper('_ask_model', '\n    client,\n    model,\n    template,\n    question,\n')), []);
  });

  it('still reports a public function, a model parameter with a default, and a model that is no parameter', async () => {
    assert.deepEqual(await nb507(helper('ask_model', 'client, model: str, template: str, question: str')), ['6:client.chat.completions.create']);
    assert.deepEqual(await nb507(helper('_ask_model', 'client, template: str, question: str, model: str = "gpt-4o-mini"')), ['6:client.chat.completions.create']);
    assert.deepEqual(await nb507(helper('_ask_model', 'client, template: str, question: str').replace('def _ask_model', 'model = "gpt-4o-mini"\n\n\ndef _ask_model')), ['9:client.chat.completions.create']);
  });
});

describe('NB507 library connectors that record the model themselves (holdout11 labels)', () => {
  it('is silent when a logger\'s own `log_…()` method is given the model after the call (holdout15: giskard\'s GeminiClient)', async () => {
    const client = (record: string) => `import google.generativeai as genai


class PalmChat:
    def __init__(self, model_name: str, logger) -> None:
        self.model_name = model_name
        self.logger = logger
        self._client = genai.GenerativeModel(model_name)

    def reply(self, text: str) -> str:
        answer = self._client.generate_content(contents=text)
${record}        return answer.text
`;
    assert.deepEqual(await nb507(client('')), ['11:self._client.generate_content']);
    assert.deepEqual(await nb507(client('        self.logger.log_call(\n            model=self.model_name,\n            tokens=len(answer.text),\n        )\n')), []);
    // A log call that does not name the model records nothing about it.
    assert.deepEqual(await nb507(client('        self.logger.log_call(tokens=len(answer.text))\n')), ['11:self._client.generate_content']);
  });

  it('is silent for a method under a `@trace_…` decorator (semantic-kernel\'s `@trace_chat_completion` opens a span naming the model)', async () => {
    const connector = (decorator: string) => `from google.cloud import aiplatform
from vertexai.generative_models import GenerativeModel

from kernel_kit.telemetry import trace_chat_completion


class GeminiChat(ChatServiceBase):
    @override
${decorator}    async def get_replies(self, history, settings):
        model = GenerativeModel(self.settings.model_id)
        response = await model.generate_content_async(contents=history.messages)
        return [candidate.content.parts[0].text for candidate in response.candidates]
`;
    assert.deepEqual(await nb507(connector('')), ['11:model.generate_content_async']);
    assert.deepEqual(await nb507(connector('    @trace_chat_completion("vertex")\n')), []);
    assert.deepEqual(await nb507(connector('    @telemetry.trace_text_completion(PROVIDER)\n')), []);
  });

  it('is silent for a call to a `trace_…()` helper given the model (guardrails\' `trace_llm_call(invocation_parameters={…, "model": model})`, holdout13)', async () => {
    const provider = (traced: string) => `from litellm import completion

from .telemetry import trace_llm_call


class LiteLLMCallable(PromptCallableBase):
    def invoke_llm(self, model, *args, **kwargs):
${traced}        response = completion(model=model, *args, **kwargs)
        return response.choices[0].message.content
`;
    assert.deepEqual(await nb507(provider('')), ['8:completion']);
    assert.deepEqual(await nb507(provider('        trace_llm_call(\n            input_messages=kwargs.get("messages"),\n            invocation_parameters={**kwargs, "model": model},\n        )\n')), []);
    // OpenInference's invocation parameters are the call's keyword arguments, the model among them.
    assert.deepEqual(await nb507(provider('        trace_llm_call(invocation_parameters={**kwargs})\n')), []);
    // A trace helper that records the messages only does not say which model answered.
    assert.deepEqual(await nb507(provider('        trace_llm_call(input_messages=kwargs.get("messages"))\n')), ['9:completion']);
  });

  it('is silent for a pixeltable `@pxt.udf`: its computed column stores the model and prompt it was called with', async () => {
    const udf = (decorator: string) => `import pixeltable as pxt
from google import genai


${decorator}async def describe(image: pxt.Image, *, model: str, prompt: str) -> str:
    reply = await genai.Client().aio.models.generate_content(model=model, contents=[image, prompt])
    return reply.text
`;
    assert.deepEqual(await nb507(udf('')), ['6:genai.Client().aio.models.generate_content']);
    assert.deepEqual(await nb507(udf('@pxt.udf(is_deterministic=False)\n')), []);
  });

  it('is silent for the whole response serialised (`.model_dump(mode="json")` keeps its "model" field), not for a part of it', async () => {
    const serialised = (ret: string) => OPENAI_ANSWER.replace('return reply.choices[0].message.content', ret);
    assert.deepEqual(await nb507(serialised('return reply.model_dump(mode="json")')), []);
    assert.deepEqual(await nb507(serialised('data = reply.to_dict()\n    return data')), []);
    assert.deepEqual(await nb507(serialised('return reply.model_dump()["choices"][0]["message"]["content"]')), ['7:client.chat.completions.create']);
    assert.deepEqual(await nb507(serialised('return reply.choices[0].message.model_dump()')), ['7:client.chat.completions.create']);
  });

  it('is silent for an adapter passing `self.config.model`, as a keyword or in the `**params` it builds (mem0\'s LLM providers)', async () => {
    const adapter = (body: string) => `import boto3


class BedrockLLM(LLMBase):
    def __init__(self, config):
        super().__init__(config)
        self.client = boto3.client("bedrock-runtime")

    def generate_response(self, messages):
${body}
        return response["output"]["message"]["content"][0]["text"]
`;
    assert.deepEqual(await nb507(adapter('        response = self.client.converse(modelId=self.config.model, messages=messages)')), []);
    assert.deepEqual(await nb507(adapter('        params = {"modelId": self.config.model, "messages": messages}\n        response = self.client.converse(**params)')), []);
    assert.deepEqual(await nb507(adapter('        params = {"messages": messages}\n        params["modelId"] = self.config.model\n        response = self.client.converse(**params)')), []);
    // A fixed model id in the params is the adapter's own choice, and is reported.
    assert.deepEqual(await nb507(adapter('        params = {"modelId": "anthropic.claude-3-haiku", "messages": messages}\n        response = self.client.converse(**params)')), ['11:self.client.converse']);
  });

  it('is silent in a project holding a promptflow flow (its executor traces each OpenAI call of a run)', async () => {
    const engine = await getEngine();
    const files = { 'requirements.txt': 'openai\npromptflow\n', 'chat/__init__.py': '', 'chat/answer.py': OPENAI_ANSWER };
    const run = (root: string) => {
      const model = buildProjectModel(root, (s) => engine.summarize(s));
      return analyzeProjectFiles(model, CONFIG, (source) => engine.analyzeModule(source, CONFIG, model)).flatMap((f) => f.findings.filter((x) => x.code === 'NB507').map((x) => `${f.file}:${x.range.start.line + 1}`));
    };
    assert.deepEqual(run(writeProject(files)), ['chat/answer.py:7']);
    assert.deepEqual(run(writeProject({ ...files, 'flow.dag.yaml': 'inputs:\n  question:\n    type: string\nnodes:\n- name: answer\n  type: python\n' })), []);
  });
});
