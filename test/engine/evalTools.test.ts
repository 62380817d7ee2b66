// Eval cases for chats made with a system instruction and for tool-calling models:
// the knowledge tables (TOOL_CONSTRUCTORS, TOOL_CALL_SHAPES, one test per entry), and
// cells shaped like the ones met on real notebooks (code written for the test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalCaseSchema } from '../../server/src/engine/evals/caseFormat';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import { evaluate } from '../../server/src/engine/evals/resolve';
import { argumentsSchema, toolCallsIn } from '../../server/src/engine/evals/toolCalls';
import { TOOL_CALL_SHAPES, TOOL_CONSTRUCTORS } from '../../server/src/engine/knowledge/llmTools';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const withOutput = (source: string, outputs: string[], result?: string): CellInput => ({ ...code(source, 1), outputs, result });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  const p = planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'nb.ipynb', 'c1');
  if ('case' in p) evalCaseSchema.parse(p.case);
  return p;
};
const gemini = code('from google import genai\nfrom google.genai import types\nclient = genai.Client()');

describe('TOOL_CONSTRUCTORS: a tool definition written with the library\'s class is a literal definition', () => {
  const examples: Record<string, [string, unknown]> = {
    FunctionDeclaration: ['types.FunctionDeclaration(name="get_stock", description="Stock of a product", parameters={"type": "object", "properties": {"sku": {"type": "string"}}})',
      { name: 'get_stock', description: 'Stock of a product', parameters: { type: 'object', properties: { sku: { type: 'string' } } } }],
    Tool: ['Tool(function_declarations=[FunctionDeclaration(name="get_stock")])', { function_declarations: [{ name: 'get_stock' }] }],
  };
  for (const name of Object.keys(TOOL_CONSTRUCTORS)) {
    it(name, () => {
      const [text, expected] = examples[name] ?? [];
      assert.ok(text, `no example for ${name}`);
      assert.deepEqual(evaluate(text), expected);
    });
  }
  it('leaves a tool made with anything else computed (a Python function, a built-in tool)', () => {
    assert.throws(() => evaluate('Tool(function_declarations=[lookup])'), /lookup/);
    assert.throws(() => evaluate('types.Tool(google_search=types.GoogleSearch())'), /Tool|GoogleSearch/);
  });
});

describe('TOOL_CALL_SHAPES: the tool call a saved output shows, per SDK', () => {
  const declared = new Set(['get_stock']);
  const want = [{ name: 'get_stock', arguments: { sku: 'A-12' } }];
  const examples: string[] = [
    "[FunctionCall(\n  args={\n    'sku': 'A-12'\n  },\n  name='get_stock'\n)]",
    "ChatCompletionResponse(id='9f2', choices=[ChatCompletionChoice(index=0, message=AssistantMessage(content='', tool_calls=[ToolCall(function=FunctionCall(name='get_stock', arguments='{\"sku\": \"A-12\"}'), id='x1')]), finish_reason='tool_calls')])",
    "ChatCompletionMessage(content=None, role='assistant', tool_calls=[ChatCompletionMessageToolCall(id='call_1', function=Function(arguments='{\"sku\":\"A-12\"}', name='get_stock'), type='function')])",
    "Message(id='msg_1', content=[TextBlock(text='Checking.', type='text'), ToolUseBlock(id='toolu_1', input={'sku': 'A-12'}, name='get_stock', type='tool_use')], stop_reason=<StopReason.TOOL_USE: 'tool_use'>)",
    '[{"type": "tool_use", "id": "toolu_1", "name": "get_stock", "input": {"sku": "A-12"}}]',
    '[\n  {\n    "id": "call_1",\n    "function": {\n      "arguments": "{\\"sku\\":\\"A-12\\"}",\n      "name": "get_stock"\n    },\n    "type": "function"\n  }\n]',
    "AIMessage(content='', additional_kwargs={'tool_calls': [{'id': 'call_1', 'function': {'arguments': '{\"sku\": \"A-12\"}', 'name': 'get_stock'}, 'type': 'function'}]}, tool_calls=[{'name': 'get_stock', 'args': {'sku': 'A-12'}, 'id': 'call_1', 'type': 'tool_call'}])",
  ];
  TOOL_CALL_SHAPES.forEach((shape, k) => {
    it(`${shape.sdk} ${shape.type ?? JSON.stringify(shape.marker)}`, () => {
      assert.ok(examples[k], `no example for entry ${k}`);
      assert.deepEqual(toolCallsIn(examples[k], declared), want);
    });
  });
  it('counts only the tools the call declared, and nothing in prose', () => {
    assert.deepEqual(toolCallsIn(examples[0], new Set(['other'])), []);
    assert.deepEqual(toolCallsIn('The model would call get_stock(sku="A-12").', declared), []);
  });
  it('pins the values copied from the prompt and flags by const; a value the model composed is only typed', () => {
    const prompt = 'book 3 nights in paris, by train';
    const quoted = (v: string) => prompt.includes(v.toLowerCase());
    assert.deepEqual(argumentsSchema({ city: 'Paris', nights: 3, refundable: false, score: 0.7, query: 'hotels near the Seine' }, quoted),
      { type: 'object', properties: { city: { const: 'Paris' }, nights: { const: 3 }, refundable: { const: false }, score: { type: 'number' }, query: { type: 'string' } }, required: ['city', 'nights', 'refundable', 'score', 'query'] });
    assert.deepEqual(argumentsSchema([{ mode: 'train' }], quoted), { type: 'array', minItems: 1, prefixItems: [{ type: 'object', properties: { mode: { const: 'train' } }, required: ['mode'] }] });
  });
});

describe('eval cases: a chat made with a system instruction', () => {
  const tutor = code('TUTOR = """You are a patient maths tutor."""\nchat = client.chats.create(model="gemini-2.0-flash", config=types.GenerateContentConfig(system_instruction=TUTOR))');

  it('records the chat\'s system instruction as input, in the prompt version; a later turn whose earlier answer is not saved stays refused', async () => {
    const first = await plan([gemini, tutor, withOutput('r = chat.send_message("Help me with fractions.")\nprint(r.text)', ['Sure: what is the first problem?\n'])]);
    assert.ok('case' in first, JSON.stringify(first));
    assert.equal(first.case.input.system, 'You are a patient maths tutor.');
    assert.equal(first.case.input.prompt, 'Help me with fractions.');
    assert.equal(first.case.model, 'gemini-2.0-flash');
    const plain = await plan([gemini, code('chat = client.chats.create(model="gemini-2.0-flash")'), withOutput('r = chat.send_message("Help me with fractions.")\nprint(r.text)', ['Sure: what is the first problem?\n'])]);
    assert.ok('case' in plain && plain.case.input.system === undefined, JSON.stringify(plain));
    assert.notEqual(first.case.prompt_version, plain.case.prompt_version);
    assert.notEqual(first.case.id, plain.case.id);
    const later = await plan([gemini, tutor, code('r = chat.send_message("Help me with fractions.")'), withOutput('r = chat.send_message("Is it 3/4?")\nprint(r.text)', ['Yes.\n'])]);
    assert.ok('refused' in later && /earlier turn/.test(later.refused), JSON.stringify(later));
  });

  it('takes Anthropic\'s system= and a legacy Gemini model\'s system_instruction; refuses one that is computed', async () => {
    const anthropic = await plan([code('import anthropic\nclient = anthropic.Anthropic()'),
      withOutput('msg = client.messages.create(model="claude-3-5-haiku", max_tokens=200, system="Answer like a pirate.", messages=[{"role": "user", "content": "Where is the treasure?"}])\nprint(msg.content[0].text)', ['Arr, under the palm tree!\n'])]);
    assert.ok('case' in anthropic, JSON.stringify(anthropic));
    assert.equal(anthropic.case.input.system, 'Answer like a pirate.');
    assert.deepEqual(anthropic.case.params, { max_tokens: 200 });
    const legacy = await plan([code('import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-flash", system_instruction="You are a cat.")'),
      withOutput('response = model.generate_content("Good morning!")\nprint(response.text)', ['Meow. Feed me.\n'])]);
    assert.ok('case' in legacy, JSON.stringify(legacy));
    assert.equal(legacy.case.input.system, 'You are a cat.');
    assert.equal(legacy.case.model, 'gemini-1.5-flash');
    const computed = await plan([code('import google.generativeai as genai\nmodel = genai.GenerativeModel("gemini-1.5-flash", system_instruction=load_persona())'),
      withOutput('response = model.generate_content("Good morning!")\nprint(response.text)', ['Meow. Feed me.\n'])]);
    assert.ok('refused' in computed && /system instruction/.test(computed.refused), JSON.stringify(computed));
  });
});

describe('eval cases: a model handed written-out tools', () => {
  const declaration = code('from google.genai.types import FunctionDeclaration, GenerateContentConfig, Tool\nget_stock = FunctionDeclaration(\n    name="get_stock",\n    description="Units in stock for a product",\n    parameters={"type": "object", "properties": {"sku": {"type": "string"}}},\n)\nstock_tool = Tool(function_declarations=[get_stock])');
  const asks = (shown: string) => withOutput('response = client.models.generate_content(\n    model="gemini-2.0-flash",\n    contents="How many A-12 do we have?",\n    config=GenerateContentConfig(temperature=0, tools=[stock_tool]),\n)\nresponse.function_calls', [], shown);

  it('writes the tool call the output shows: the tools as input, the call as reference, a tool_call grader', async () => {
    const p = await plan([gemini, declaration, asks("[FunctionCall(\n  args={\n    'sku': 'A-12'\n  },\n  name='get_stock'\n)]")]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(p.case.input.tools, [{ function_declarations: [{ name: 'get_stock', description: 'Units in stock for a product', parameters: { type: 'object', properties: { sku: { type: 'string' } } } }] }]);
    assert.equal(p.case.input.prompt, 'How many A-12 do we have?');
    assert.deepEqual(JSON.parse(p.case.reference), { name: 'get_stock', arguments: { sku: 'A-12' } });
    assert.deepEqual(p.case.grader, { kind: 'tool_call', name: 'get_stock', arguments: { type: 'object', properties: { sku: { const: 'A-12' } }, required: ['sku'] } });
    assert.deepEqual(p.case.params, { config: { temperature: 0 } });
  });

  it('refuses a text answer after tools, tools the SDK runs, and several calls at once', async () => {
    const text = await plan([gemini, declaration, withOutput('response = client.models.generate_content(model="gemini-2.0-flash", contents="How many A-12 do we have?", config=GenerateContentConfig(tools=[stock_tool]))\nprint(response.text)', ['We have 12 units of A-12.\n'])]);
    assert.ok('refused' in text && /tools/.test(text.refused), JSON.stringify(text));
    const functions = await plan([gemini, code('def get_stock(sku: str) -> int:\n    return 12'),
      withOutput('response = client.models.generate_content(model="gemini-2.0-flash", contents="How many A-12?", config=types.GenerateContentConfig(tools=[get_stock]))\nprint(response.text)', ['12 units.\n'])]);
    assert.ok('refused' in functions && /tools that are computed/.test(functions.refused), JSON.stringify(functions));
    // A built-in tool added to a list, the config passed by name: the answer used the tool (a fetched page).
    const builtIn = await plan([gemini, withOutput('tools = []\ntools.append(types.Tool(url_context=types.UrlContext))\nconfig = types.GenerateContentConfig(tools=tools)\nresponse = client.models.generate_content(contents=["Summarise https://example.com/page"], model="gemini-2.5-flash", config=config)\nprint(response.text)', ['The page is about examples.\n'])]);
    assert.ok('refused' in builtIn && /tools that are computed/.test(builtIn.refused), JSON.stringify(builtIn));
    const two = await plan([gemini, declaration, asks("[FunctionCall(args={'sku': 'A-12'}, name='get_stock'), FunctionCall(args={'sku': 'B-7'}, name='get_stock')]")]);
    assert.ok('refused' in two && /2 tool calls/.test(two.refused), JSON.stringify(two));
  });

  it('reads an OpenAI tool call from the response repr, with the tools and the system message', async () => {
    const cells = [code('from openai import OpenAI\nclient = OpenAI()\ntools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]'),
      withOutput('messages = [{"role": "system", "content": "Use the tools."}, {"role": "user", "content": "Weather in Lyon?"}]\nr = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools, tool_choice="auto")\nr.choices[0].message', [],
        "ChatCompletionMessage(content=None, refusal=None, role='assistant', tool_calls=[ChatCompletionMessageToolCall(id='call_9', function=Function(arguments='{\"city\":\"Lyon\"}', name='get_weather'), type='function')])")];
    const p = await plan(cells);
    assert.ok('case' in p, JSON.stringify(p));
    assert.equal(p.case.input.tools?.length, 1);
    assert.deepEqual(p.case.params, { tool_choice: 'auto' });
    assert.deepEqual(JSON.parse(p.case.reference), { name: 'get_weather', arguments: { city: 'Lyon' } });
  });

  it('takes the tool input an Anthropic cell prints, not another variable it prints', async () => {
    const setup = code('import json\nimport anthropic\nclient = anthropic.Anthropic()\ntools = [{"name": "print_sentiment", "description": "Prints scores.", "input_schema": {"type": "object", "properties": {"positive": {"type": "number"}}}}]');
    const cell = (printed: string) => withOutput(`response = client.messages.create(model="claude-3-5-sonnet", max_tokens=500, tools=tools, messages=[{"role": "user", "content": "Score: I loved it."}])\nscores = None\nfor content in response.content:\n    if content.type == "tool_use" and content.name == "print_sentiment":\n        scores = content.input\n        break\nprint("Scores (JSON):")\nprint(json.dumps(${printed}, indent=2))`, ['Scores (JSON):\n{\n  "positive": 0.9\n}\n']);
    const p = await plan([setup, cell('scores')]);
    assert.ok('case' in p, JSON.stringify(p));
    assert.deepEqual(JSON.parse(p.case.reference), { name: 'print_sentiment', arguments: { positive: 0.9 } });
    // Printed as the dict itself (`print(scores)`): its repr.
    const repr = await plan([setup, withOutput(cell('scores').source.replace('json.dumps(scores, indent=2)', 'scores'), ["Scores (JSON):\n{'positive': 0.9}\n"])]);
    assert.ok('case' in repr && repr.case.reference === p.case.reference, JSON.stringify(repr));
    const other = await plan([setup, cell('earlier_scores')]);
    assert.ok('refused' in other, JSON.stringify(other));
  });
});
