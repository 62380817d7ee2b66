// "Extract the model call to a function": the plan (module, cell, case target) for
// each client the table knows, its refusals, and, with a stub openai client, the
// rewritten cell printing what the original printed in a real kernel and the gate
// calling the extracted `answer` through the case's target.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { planCallExtraction } from '../../server/src/engine/evals/extractCall';
import { EVAL_GATE_SOURCE } from '../../server/src/engine/evals/gate';
import { EXTRACTABLE_CALLS, EXTRACTABLE_MODEL_OBJECTS, OPENAI_COMPATIBLE_SDKS } from '../../server/src/engine/evals/llmCalls';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

const withOutput = (source: string, outputs: string[], result?: string): CellInput => ({ ...code(source, 1), outputs, result });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planCallExtraction({ cells, cell: cells.length - 1, statements: (s) => engine.statements(s), packageName: 'askbot', moduleName: 'ask_model', notebook: 'notebooks/ask.ipynb', cellId: 'c1' });
};

const SETUP = 'from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"';
const ASK = 'question = "Classify the sentiment: I love this lamp"\nr = client.chat.completions.create(model=MODEL, temperature=0,\n    messages=[{"role": "user", "content": question}])\nprint("Label:", r.choices[0].message.content)';

describe('extract the model call to a function', () => {
  it('writes ask and answer with the call\'s literal model and parameters, calls ask from the cell, and targets answer', async () => {
    const p = await plan([code(SETUP), withOutput(ASK, ['Label: positive\n'])]);
    assert.ok(!('refused' in p), JSON.stringify(p));
    assert.match(p.moduleText, /^from openai import OpenAI$/m);
    assert.match(p.moduleText, /def ask\(messages\):\n[\s\S]*client = OpenAI\(\)\n    return client\.chat\.completions\.create\(model="gpt-4o-mini", messages=messages, temperature=0\)/);
    assert.match(p.moduleText, /def answer\(messages: list\) -> str:\n[\s\S]*return ask\(messages\)\.choices\[0\]\.message\.content/);
    assert.equal(p.cellText, 'from askbot.ask_model import ask\nquestion = "Classify the sentiment: I love this lamp"\nr = ask([{"role": "user", "content": question}])\nprint("Label:", r.choices[0].message.content)');
    assert.equal(p.target, 'askbot.ask_model:answer');
    assert.equal(p.evalCase?.target, 'askbot.ask_model:answer');
    assert.equal(p.evalCase?.reference, 'positive');
  });

  it('targets ask, which returns the whole response, for a tool-call case, keeping the tools in the call', async () => {
    const tools = 'tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]';
    const p = await plan([code(`${SETUP}\n${tools}`), withOutput('r = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Weather in Lyon?"}], tools=tools)\nr.choices[0].message', [],
      "ChatCompletionMessage(content=None, role='assistant', tool_calls=[ChatCompletionMessageToolCall(id='c', function=Function(arguments='{\"city\": \"Lyon\"}', name='get_weather'), type='function')])")]);
    assert.ok(!('refused' in p), JSON.stringify(p));
    assert.match(p.moduleText, /messages=messages, tools=\[\{"type": "function"/);
    assert.equal(p.target, 'askbot.ask_model:ask');
    assert.equal(p.evalCase?.grader.kind, 'tool_call');
  });

  it('knows, per client in the table, how to make the client and read the answer text', async () => {
    const cells: Record<string, CellInput[]> = {
      'chat.completions.create': [code(SETUP), withOutput('r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])\nprint(r.choices[0].message.content)', ['Hello\n'])],
      'responses.create': [code(SETUP), withOutput('r = client.responses.create(model="gpt-4o-mini", input="Say hi")\nprint(r.output_text)', ['Hi\n'])],
      'messages.create': [code('import anthropic\nclient = anthropic.Anthropic()'), withOutput('m = client.messages.create(model="claude-3-5-haiku", max_tokens=50, messages=[{"role": "user", "content": "Hi"}])\nprint(m.content[0].text)', ['Hello\n'])],
      'models.generate_content': [code('from google import genai\nclient = genai.Client()'), withOutput('%%time\nr = client.models.generate_content(model="gemini-2.0-flash", contents="Say hi")\nprint(r.text)', ['Hi\n'])],
      'chat.complete': [code('import os\nfrom mistralai import Mistral\nclient = Mistral(api_key=os.environ["MISTRAL_API_KEY"])'), withOutput('r = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "Hi"}])\nprint(r.choices[0].message.content)', ['Hello\n'])],
      converse: [code('import boto3\nbedrock = boto3.client("bedrock-runtime", region_name="us-east-1")'), withOutput('r = bedrock.converse(modelId="amazon.nova-lite-v1:0", messages=[{"role": "user", "content": [{"text": "Hi"}]}], inferenceConfig={"temperature": 0})\nprint(r["output"]["message"]["content"][0]["text"])', ['Hello\n'])],
    };
    // SDKs that copy OpenAI's client: the same call after their own import.
    const compatible = (sdk: { module: string; client: string }) => [code(`from ${sdk.module} import ${sdk.client}\nclient = ${sdk.client}()`), withOutput('r = client.chat.completions.create(model="llama-3.3-70b", messages=[{"role": "user", "content": "Hi"}])\nprint(r.choices[0].message.content)', ['Hello\n'])];
    for (const entry of EXTRACTABLE_CALLS) {
      const sdk = OPENAI_COMPATIBLE_SDKS.find((s) => s.vendor === entry.vendor);
      const p = await plan(sdk ? compatible(sdk) : cells[entry.method]);
      assert.ok(!('refused' in p), `${entry.method}: ${JSON.stringify(p)}`);
      assert.ok(p.moduleText.includes(entry.header) && p.moduleText.includes(`client = ${entry.client}`) && p.moduleText.includes(`client.${entry.method}(`), p.moduleText);
      assert.ok(p.moduleText.includes(`${entry.answerText}\n`), p.moduleText);
      assert.ok(p.moduleText.includes(`(${entry.modelKeyword ?? 'model'}="`), p.moduleText);
    }
    const gemini = await plan(cells['models.generate_content']);
    assert.ok(!('refused' in gemini) && gemini.cellText.startsWith('%%time\nfrom askbot.ask_model import ask\n'), JSON.stringify(gemini));
  });

  it('says why when the call cannot move as it is', async () => {
    const streamed = await plan([code(SETUP), withOutput('for chunk in client.chat.completions.create(model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": "Hi"}]):\n    print(chunk)', ['H\n'])]);
    assert.ok('refused' in streamed && /streams/.test(streamed.refused), JSON.stringify(streamed));
    const computed = await plan([code(SETUP), withOutput('r = client.chat.completions.create(model="gpt-4o-mini", response_format=Answer, messages=[{"role": "user", "content": "Hi"}])\nprint(r.choices[0].message.content)', ['Hello\n'])]);
    assert.ok('refused' in computed && /response_format/.test(computed.refused), JSON.stringify(computed));
    const chain = await plan([code('from langchain_openai import ChatOpenAI\nfrom langchain_core.prompts import ChatPromptTemplate\nllm = ChatOpenAI(model="gpt-4o-mini")\nchain = ChatPromptTemplate.from_template("Say {x}") | llm'), withOutput('print(chain.invoke("Hi").content)', ['Hello\n'])]);
    assert.ok('refused' in chain && /Extract cell to module/.test(chain.refused), JSON.stringify(chain));
    const picked = await plan([code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model=pick_model())'), withOutput('print(llm.invoke("Hi").content)', ['Hello\n'])]);
    assert.ok('refused' in picked && /made with `model`/.test(picked.refused), JSON.stringify(picked));
    const raw = await plan([code('import boto3\nbedrock = boto3.client("bedrock-runtime")'), withOutput('r = bedrock.invoke_model(modelId="anthropic.claude-v2", body=\'{"prompt": "Hi"}\')\nprint(r)', ['Hello\n'])]);
    assert.ok('refused' in raw && /model family/.test(raw.refused), JSON.stringify(raw));
    const task = await plan([code('from transformers import pipeline\nner = pipeline("ner", model="dslim/bert-base-NER")'), withOutput('ner("Ada lives in Lyon")', [], "[{'entity': 'B-PER', 'word': 'Ada'}]")]);
    assert.ok('refused' in task, JSON.stringify(task));
  });

  it('makes a model object the notebook made with literal arguments once, from the same import, per entry of the table', async () => {
    const cells: Record<string, [CellInput[], RegExp, string]> = {
      'langchain ^Chat': [[code('from langchain_openai import ChatOpenAI\nMODEL = "gpt-4o-mini"\nllm = ChatOpenAI(model=MODEL, temperature=0)'), withOutput('print(llm.invoke("Say hi").content)', ['Hi\n'])],
        /from langchain_openai import ChatOpenAI\n[\s\S]*return ChatOpenAI\(model="gpt-4o-mini", temperature=0\)[\s\S]*llm = _model\(\)\n    return llm\.invoke\(prompt\)/, 'print(ask("Say hi").content)'],
      'langchain ^(?:OpenAI': [[code('from langchain_community.llms import Ollama\nllm = Ollama(model="llama3")'), withOutput('print(llm.invoke("Say hi"))', ['Hi\n'])],
        /from langchain_community\.llms import Ollama\n[\s\S]*return Ollama\(model="llama3"\)[\s\S]*return ask\(prompt\)\n/, 'print(ask("Say hi"))'],
      'llama_index ^[A-Z]': [[code('from llama_index.llms.mistralai import MistralAI\nllm = MistralAI(model="mistral-small-latest")'), withOutput('response = llm.complete("Say hi")\nprint(response)', ['Hi\n'])],
        /return MistralAI\(model="mistral-small-latest"\)[\s\S]*return llm\.complete\(prompt\)[\s\S]*return ask\(prompt\)\.text\n/, 'response = ask("Say hi")\nprint(response)'],
      'huggingface ^pipeline$': [[code('from transformers import pipeline\ngenerator = pipeline("text-generation", model="gpt2")'), withOutput('out = generator("Once upon a time,", max_new_tokens=20)\nprint(out[0]["generated_text"])', ['Once upon a time, a fox.\n'])],
        /from transformers import pipeline\n[\s\S]*return pipeline\("text-generation", model="gpt2"\)[\s\S]*return generator\(prompt, max_new_tokens=20\)[\s\S]*return ask\(prompt\)\[0\]\["generated_text"\]\n/, 'out = ask("Once upon a time,")\nprint(out[0]["generated_text"])'],
    };
    for (const entry of EXTRACTABLE_MODEL_OBJECTS) {
      const key = Object.keys(cells).find((k) => k.startsWith(`${entry.vendor} `) && entry.maker.source.startsWith(k.slice(entry.vendor.length + 1)));
      assert.ok(key, `no example for ${entry.vendor} ${entry.maker}`);
      const [nb, moduleShape, cellAfter] = cells[key];
      const p = await plan(nb);
      assert.ok(!('refused' in p), `${key}: ${JSON.stringify(p)}`);
      assert.match(p.moduleText, /@functools\.cache\ndef _model\(\):/);
      assert.match(p.moduleText, moduleShape);
      assert.equal(p.cellText, `from askbot.ask_model import ask\n${cellAfter}`);
    }
  });

  /** Runs the cell before and after the extraction in a kernel against the stub clients, then the gate on the extracted case. */
  const kernelAndGate = async (setup: string, ask: string, printed: string, answers: Record<string, string>) => {
    const cells = [code(setup), withOutput(ask, [printed])];
    const p = await plan(cells);
    assert.ok(!('refused' in p) && p.evalCase, JSON.stringify(p));
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-modelcall-')));
    try {
      fs.mkdirSync(path.join(root, 'src', 'askbot'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src', 'askbot', '__init__.py'), '');
      fs.writeFileSync(path.join(root, 'src', 'askbot', 'ask_model.py'), p.moduleText);
      const notebook = (sources: string[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: sources.map((s, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, source: s, outputs: [] })) });
      fs.writeFileSync(path.join(root, 'before.ipynb'), notebook([setup, ask]));
      fs.writeFileSync(path.join(root, 'after.ipynb'), notebook([setup, p.cellText]));
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify(answers));
      const env = { ...process.env, PYTHONPATH: [path.join(REPO_ROOT, 'test', 'fixtures', 'eval-stub'), path.join(root, 'src')].join(path.delimiter), OPENAI_API_KEY: 'stub', STUB_OPENAI_ANSWERS: path.join(root, 'answers.json') };
      const kernel = spawnSync(oraclePython(), [path.join(REPO_ROOT, 'test/oracle/run_notebooks.py'), '--project', root, path.join(root, 'before.ipynb'), path.join(root, 'after.ipynb')], { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
      assert.equal(kernel.status, 0, kernel.stderr);
      const runs = JSON.parse(kernel.stdout) as Record<string, { errors: unknown[]; stdout: Record<string, string> }>;
      const [before, after] = [runs[path.join(root, 'before.ipynb')], runs[path.join(root, 'after.ipynb')]];
      assert.deepEqual([before.errors, after.errors], [[], []]);
      assert.equal(before.stdout['1'], printed);
      assert.equal(after.stdout['1'], before.stdout['1']);

      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.writeFileSync(path.join(root, 'evals', 'ask.jsonl'), `${JSON.stringify(p.evalCase)}\n`);
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "askbot"\n');
      const gate = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', '-m', 'eval', 'tests/test_evals.py'], { cwd: root, encoding: 'utf8', env: { ...env, STUB_OPENAI_CALLS: path.join(root, 'calls.jsonl') } });
      assert.equal(gate.status, 0, `${gate.stdout}\n${gate.stderr}`);
      assert.match(gate.stdout, /PASSED/);
      assert.match(gate.stdout, /pass rate[^\n]*1\/1|100/i);
      return fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; params: Record<string, unknown> });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  };

  it('the rewritten cell prints what the original printed in a kernel, and the gate asks answer through the case target (stub client)', async () => {
    const calls = await kernelAndGate(SETUP, ASK, 'Label: positive\n', { 'I love this lamp': 'positive' });
    assert.deepEqual(calls.map((c) => [c.model, c.params]), [['gpt-4o-mini', { temperature: 0 }]]);
  });

  it('the same for a LangChain chat model the notebook made (stub langchain_openai), its key recorded as the case env', async () => {
    const setup = 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)';
    const ask = 'reply = llm.invoke("Classify the sentiment: I love this lamp")\nprint("Label:", reply.content)';
    const calls = await kernelAndGate(setup, ask, 'Label: positive\n', { 'I love this lamp': 'positive' });
    assert.deepEqual(calls.map((c) => [c.model, c.params]), [['gpt-4o-mini', { temperature: 0 }]]);
    const p = await plan([code(setup), withOutput(ask, ['Label: positive\n'])]);
    assert.ok(!('refused' in p) && p.evalCase, JSON.stringify(p));
    assert.deepEqual(p.evalCase.env, ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY']);
  });
});
