// A later turn of a chat the SDK keeps (`client.chats.create`, `model.start_chat()`): the case
// holds the earlier turns as the saved outputs show them, then the new prompt; refused when a
// turn is not written out, the cells ran out of order, or a cell asks twice. The gate sends the
// turns to the stub google-genai as Gemini contents.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evalCaseSchema } from '../../server/src/engine/evals/caseFormat';
import { EVAL_GATE_SOURCE } from '../../server/src/engine/evals/gate';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

const setup = code('from google import genai\nfrom google.genai import types\nclient = genai.Client()\nTUTOR = "You are a patient tutor. Ask one question at a time."', 1);
const chat = code('chat = client.chats.create(model="gemini-2.0-flash", config=types.GenerateContentConfig(system_instruction=TUTOR))', 2);
const turn = (prompt: string, answer: string, count: number | null): CellInput => ({ ...code(`response = chat.send_message(${JSON.stringify(prompt)})\nprint(response.text)`, count), outputs: [`${answer}\n`] });

async function plan(cells: CellInput[]) {
  const engine = await getEngine();
  return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/tutor.ipynb', 't1');
}

describe('a later turn of a chat: the earlier turns from the saved outputs', () => {
  it('holds every earlier turn (user prompt, the answer shown) and the new prompt, with the chat\'s system instruction', async () => {
    const cells = [setup, chat, turn('Help me study fractions.', 'Sure. What is 1/2 + 1/4?', 3), code('# the student thinks', null), turn('It is 3/4.', 'Right! Now: 2/3 - 1/6?', 4), turn('1/2.', 'Correct, well done.', 5)];
    const planned = await plan(cells);
    assert.ok('case' in planned, JSON.stringify(planned));
    const c = evalCaseSchema.parse(planned.case);
    assert.deepEqual(c.input.messages, [
      { role: 'user', content: 'Help me study fractions.' },
      { role: 'assistant', content: 'Sure. What is 1/2 + 1/4?' },
      { role: 'user', content: 'It is 3/4.' },
      { role: 'assistant', content: 'Right! Now: 2/3 - 1/6?' },
      { role: 'user', content: '1/2.' },
    ]);
    assert.equal(c.input.system, 'You are a patient tutor. Ask one question at a time.');
    assert.equal(c.reference, 'Correct, well done.');
    assert.equal(c.input.prompt, undefined);
    // The first turn is still a one-prompt case.
    const first = await plan(cells.slice(0, 3));
    assert.ok('case' in first && first.case.input.prompt === 'Help me study fractions.', JSON.stringify(first));
  });

  it('refuses when a turn cannot be held: out of order, asked twice in a cell, an earlier turn without its answer, a chat made with history, a chat the notebook made itself', async () => {
    const refusals: [CellInput[], RegExp][] = [
      [[setup, chat, turn('Help me study fractions.', 'Sure. What is 1/2 + 1/4?', 7), turn('It is 3/4.', 'Right!', 4)], /not run in order/],
      [[setup, chat, { ...code('chat.send_message("Hi.")\nresponse = chat.send_message("Help me.")\nprint(response.text)', 3), outputs: ['Sure.\n'] }, turn('It is 3/4.', 'Right!', 4)], /asked before/],
      [[setup, chat, { ...code('response = chat.send_message("Help me study fractions.")', 3), outputs: [] }, turn('It is 3/4.', 'Right!', 4)], /earlier turn of the chat \(cell 3\) cannot be written out/],
      [[setup, code('chat = client.chats.create(model="gemini-2.0-flash", history=past)', 2), turn('It is 3/4.', 'Right!', 4)], /asked before/],
      [[setup, code('chat = TutorChat(client)', 2), turn('Help me study fractions.', 'Sure.', 3), turn('It is 3/4.', 'Right!', 4)], /asked before/],
    ];
    for (const [cells, reason] of refusals) {
      const planned = await plan(cells);
      assert.ok('refused' in planned, JSON.stringify(planned));
      assert.match(planned.refused, reason);
    }
  });

  it('the gate sends the turns to Gemini as its contents, the answers as the model\'s turns', async () => {
    const planned = await plan([setup, chat, turn('Help me study fractions.', 'Sure. What is 1/2 + 1/4?', 3), turn('It is 3/4.', 'Right! Now: 2/3 - 1/6?', 4)]);
    assert.ok('case' in planned, JSON.stringify(planned));
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-gate-turns-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.writeFileSync(path.join(root, 'evals', 'tutor.jsonl'), `${JSON.stringify({ ...planned.case, grader: { kind: 'contains', text: '2/3' } })}\n`);
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'It is 3/4': 'Right! Next: what is 2/3 - 1/6?' }));
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:GOOGLE_API_KEY|GEMINI_API_KEY|GOOGLE_CLOUD_PROJECT|PYTEST_ADDOPTS)$/.test(k)));
      const run = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', 'tests/test_evals.py'], {
        cwd: root, encoding: 'utf8', env: { ...clean, PYTHONPATH: path.join(REPO_ROOT, 'test', 'fixtures', 'eval-stub'), GOOGLE_API_KEY: 'stub', STUB_GENAI_ANSWERS: path.join(root, 'answers.json'), STUB_GENAI_CALLS: path.join(root, 'calls.jsonl') },
      });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      const [call] = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prompt: string; system: string });
      assert.deepEqual(JSON.parse(call.prompt), [
        { role: 'user', parts: [{ text: 'Help me study fractions.' }] },
        { role: 'model', parts: [{ text: 'Sure. What is 1/2 + 1/4?' }] },
        { role: 'user', parts: [{ text: 'It is 3/4.' }] },
      ]);
      assert.equal(call.system, 'You are a patient tutor. Ask one question at a time.');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
