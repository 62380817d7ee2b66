// Eval cases from local Hugging Face pipelines (issue 14, a read of holdout10's cases): a pipeline built on a model
// object keeps its written-out generation settings, a reference the length limit cut before one sentence is refused,
// the notebook's own prompt builder (a literal template over its parameters) is rendered, and an answer printed
// through the notebook's re-wrapping helper (textwrap.fill) is the answer's text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const printed = (source: string, ...streams: string[]): CellInput => ({ ...code(source, 2), outputs: streams, stdout: streams.join('') });
const plan = async (cells: CellInput[], at = cells.length - 1) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, at, (s) => engine.statements(s), 'notebooks/local_llm.ipynb', undefined);
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return p.cases[0];
};
const refused = (p: Awaited<ReturnType<typeof plan>>, reason: RegExp) => assert.ok('refused' in p && p.modelCall && reason.test(p.refused), JSON.stringify(p));

const LOADED = code('from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline\ntokenizer = AutoTokenizer.from_pretrained("acme/chat-6b")\nmodel = AutoModelForCausalLM.from_pretrained("acme/chat-6b",\n                                             device_map="auto")');

describe('eval cases: a pipeline built on a model object', () => {
  it('records the pipeline\'s generation settings written after `model=model` (the model object is not written out, the settings are)', async () => {
    const c = one(await plan([
      LOADED,
      code('gen = pipeline(\n    "text-generation",\n    model=model,\n    tokenizer=tokenizer,\n    max_length=256,\n    temperature=0.5,\n    repetition_penalty=1.2\n)'),
      { ...code("gen('Name three rivers in France.')", 2), result: "[{'generated_text': 'Name three rivers in France. The Seine, the Loire and the Rhone.'}]" },
    ]));
    assert.equal(c.model, 'acme/chat-6b');
    assert.deepEqual(c.params, { max_length: 256, temperature: 0.5, repetition_penalty: 1.2 });
  });

  it('still refuses a pipeline whose generation setting is computed, after the model object', async () => {
    refused(await plan([
      LOADED,
      code('limit = compute_limit()\ngen = pipeline("text-generation", model=model, tokenizer=tokenizer, max_new_tokens=limit)'),
      { ...code("gen('Name three rivers in France.')", 2), result: "[{'generated_text': 'Name three rivers in France. The Seine, the Loire and the Rhone.'}]" },
    ]), /made with `max_new_tokens`/);
  });
});

describe('eval cases: a reference cut by the length limit', () => {
  const PIPE = code('from transformers import pipeline\npipe = pipeline("text-generation", model="acme/base-7b")');
  const PROMPT = 'PROMPT = """Below is a task. Write a response that completes it.\n### Instruction:\nHow do owls differ from hawks?\n### Response:"""\n';
  it('refuses an answer that stops mid-word, with no whole sentence, at `max_length` (which counts the prompt)', async () => {
    refused(await plan([PIPE, printed(`${PROMPT}out = pipe(PROMPT, max_length=32, do_sample=False)[0]\nprint(out['generated_text'])`, 'Below is a task. Write a response that completes it.\n### Instruction:\nHow do owls differ from hawks?\n### Response:\n\n  1.  \n  2. Owl\n')]), /cut by the length limit/);
  });
  it('keeps a cut answer that holds whole sentences, and a short answer far below the limit', async () => {
    const long = one(await plan([PIPE, printed(`${PROMPT}out = pipe(PROMPT, max_length=60, do_sample=False)[0]\nprint(out['generated_text'])`, 'Below is a task. Write a response that completes it.\n### Instruction:\nHow do owls differ from hawks?\n### Response:\nOwls hunt at night and hawks by day. Owls also have soft feathers, which let them fly sil\n')]));
    assert.match(long.reference, /^Owls hunt at night and hawks by day\./);
    one(await plan([PIPE, printed("out = pipe('The capital of Peru is', max_length=200)[0]\nprint(out['generated_text'])", 'The capital of Peru is Lima\n')]));
    // At the limit, but a whole short answer (a list of names): kept.
    one(await plan([PIPE, printed("out = pipe('Named entities in: The Golden Gate Bridge is in San Francisco.\\nEntities:\\n', max_new_tokens=10, return_full_text=False)[0]\nprint(out['generated_text'])", '- Golden Gate Bridge\n- San Francisco\n')]));
  });
});

describe('eval cases: the notebook\'s prompt builder and re-wrapping helper', () => {
  const SETUP = code('from transformers import pipeline\nimport textwrap\npipe = pipeline("text-generation", model="acme/instruct-3b", max_length=512, temperature=0.7)');
  const HELPERS = code([
    'B_INST = "[INST]"',
    'E_INST = "[/INST]"',
    'SYS = "You are a concise assistant."',
    '',
    'def build_prompt(instruction, system=SYS):',
    '    """Fills the model\'s template."""',
    '    # the template the model was tuned on',
    '    prompt_template = f"{B_INST} {system}\\n\\n{instruction} {E_INST}"',
    '    return prompt_template',
    '',
    'def drop_next_turn(text):',
    "    return text.split('[INST]', 1)[0]",
    '',
    'def show_answer(data):',
    '    for item in data:',
    "        text = item['generated_text']",
    "        at = text.find('[/INST]')",
    '        if at != -1:',
    "            answer = drop_next_turn(text[at+len('[/INST]'):].strip())",
    '            print(textwrap.fill(answer, width=60))',
    '',
    'def wrap_lines(text, width=60):',
    "    lines = text.split('\\n')",
    '    return \'\\n\'.join([textwrap.fill(line, width=width) for line in lines])',
  ].join('\n'));
  const WRAPPED = 'Tides come from the pull of the Moon and, to a lesser\nextent, the Sun on the oceans. Most coasts see two high\ntides a day.\n';

  it('renders a call of the builder with a literal, and reads the answer the helper printed re-wrapped as one paragraph', async () => {
    const c = one(await plan([SETUP, HELPERS, printed("question = 'Why are there tides?'\nraw = pipe(build_prompt(question))\nshow_answer(raw)", WRAPPED)]));
    assert.equal(c.input.prompt, '[INST] You are a concise assistant.\n\nWhy are there tides? [/INST]');
    assert.equal(c.reference, 'Tides come from the pull of the Moon and, to a lesser extent, the Sun on the oceans. Most coasts see two high tides a day.');
    assert.deepEqual(c.params, { max_length: 512, temperature: 0.7 });
    // The builder's template is the prompt's version: another template, same question, another version.
    const changed = one(await plan([SETUP, code(HELPERS.source.replace('\\n\\n{instruction}', ' {instruction}')), printed("question = 'Why are there tides?'\nraw = pipe(build_prompt(question))\nshow_answer(raw)", WRAPPED)]));
    assert.equal(changed.input.prompt, '[INST] You are a concise assistant. Why are there tides? [/INST]');
    assert.notEqual(changed.prompt_version, c.prompt_version);
  });

  it('reads a print through the line-preserving wrapper, prompt echo cut', async () => {
    const c = one(await plan([SETUP, HELPERS, printed("out = pipe('Why are there tides?')\nprint(wrap_lines(out[0]['generated_text']))", `Why are there tides?\n\n${WRAPPED}`)]));
    assert.equal(c.reference, 'Tides come from the pull of the Moon and, to a lesser extent, the Sun on the oceans. Most coasts see two high tides a day.');
  });

  it('still refuses a helper that does more than re-wrap, and a builder that computes', async () => {
    const other = code('import textwrap\ndef render(text):\n    return textwrap.fill(text.replace("Moon", "moon"), width=60)\ndef ask_prompt(q):\n    ctx = retrieve(q)\n    return f"{ctx}\\n{q}"');
    refused(await plan([SETUP, other, printed("out = pipe('Why are there tides?')\nprint(render(out[0]['generated_text']))", WRAPPED)]), /notebook's own `render/);
    refused(await plan([SETUP, other, printed("out = pipe(ask_prompt('Why are there tides?'))\nprint(out[0]['generated_text'])", WRAPPED)]), /retrieve\(…\)` is computed/);
  });

  it('refuses pasted answers: a saved output byte for byte another model cell\'s, or under a heading naming another model\'s answers', async () => {
    const pasted = 'Koalas sleep up to twenty hours a day because eucalyptus leaves give them very little energy to spend.\n';
    const cells = [SETUP, printed("out = pipe('Why do koalas sleep so much?')\nprint(out[0]['generated_text'])", pasted), printed("out = pipe('What do koalas eat?')\nprint(out[0]['generated_text'])", pasted)];
    refused(await plan(cells), /same as cell 2's/);
    // Under a heading that says another model answered: refused; under one naming this model: kept.
    const md = (text: string): CellInput => ({ kind: 'markdown', source: text } as CellInput);
    const ask = printed("out = pipe('What do koalas eat?')\nprint(out[0]['generated_text'])", 'Koalas eat eucalyptus leaves almost exclusively, and a few other plants.\n');
    refused(await plan([SETUP, md('## OtterLM7B Answers below'), ask]), /under `## OtterLM7B Answers below`/);
    one(await plan([SETUP, md('## Instruct-3B answers'), ask]));
    one(await plan([SETUP, md('## Model answers'), ask]));
    // A cell that prints the same answer again asks nothing: no twin.
    one(await plan([SETUP, printed("out = pipe('Why do koalas sleep so much?')\nanswer = out[0]['generated_text']\nprint(answer)", pasted), printed('print(answer)', pasted)], 1));
  });
});
