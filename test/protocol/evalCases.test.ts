// "Add as eval case" on language-model cells, over the real server: offered with
// the resolved prompt and saved answer, updated (not duplicated) when added again,
// and shown disabled with the reason when the prompt is computed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspTestClient } from '../harness/lspClient';

function notebookJson(cells: string[], results: Record<number, string>): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: cells.map((text, i) => ({
      cell_type: 'code', id: `cell-${i}`, metadata: {}, execution_count: results[i] ? i : null, source: text,
      outputs: results[i] ? [{ output_type: 'execute_result', execution_count: i, metadata: {}, data: { 'text/plain': results[i] } }] : [],
    })),
  }, null, 1);
}

describe('add an LLM cell as eval case', () => {
  it('writes the case once, updates it when added again, and explains a computed prompt', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-llm-evals-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "askbot"\n');
    const cellsText = [
      'from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"',
      'r = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": f"Sentiment of {\'great\'!r}?"}])\nr.choices[0].message.content',
      'r = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Label: I love it"}])\nr.choices[0].message.content',
    ];
    fs.mkdirSync(path.join(root, 'notebooks'));
    const file = path.join(root, 'notebooks', 'ask.ipynb');
    fs.writeFileSync(file, notebookJson(cellsText, { 1: "'positive'", 2: "'positive'" }));
    const client = await LspTestClient.start({ rootDir: root });
    try {
      const cells = await client.openNotebook(pathToFileURL(file).toString(), cellsText.map((text) => ({ text })));
      const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const computed = (await client.codeActions(cells[1], at, [])).find((a) => a.title.startsWith('Add as eval case'));
      assert.match(computed?.disabled?.reason ?? '', /prompt is not a literal/);
      for (let n = 0; n < 2; n++) {
        const add = (await client.codeActions(cells[2], at, [])).find((a) => a.title.startsWith('Add as eval case'));
        assert.equal(add?.disabled, undefined);
        await client.applyEdit(add!.edit!);
      }
      const lines = fs.readFileSync(path.join(root, 'evals', 'ask.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, 1);
      assert.deepEqual([lines[0].input.messages[0].content, lines[0].model, lines[0].reference, lines[0].grader.kind, lines[0].source.notebook], ['Label: I love it', 'gpt-4o-mini', 'positive', 'label', 'notebooks/ask.ipynb']);
      // The id is the saved cell's nbformat id and the input's hash: it survives cell moves.
      assert.match(lines[0].id, /^cell-2-[0-9a-f]{8}$/);
      assert.equal(lines[0].source.cell_id, 'cell-2');
      assert.ok(fs.existsSync(path.join(root, 'tests', 'test_evals.py')));
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('offers "Extract the model call to a function" first: the module, the cell calling ask and the case targeting answer, in one edit', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-model-call-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "askbot"\n');
    const cellsText = [
      'from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"',
      'r = client.chat.completions.create(model=MODEL, temperature=0, messages=[{"role": "user", "content": "Label: I love it"}])\nr.choices[0].message.content',
      'import pandas as pd\ndf = pd.DataFrame({"a": [1]})',
    ];
    fs.mkdirSync(path.join(root, 'notebooks'));
    const file = path.join(root, 'notebooks', 'ask.ipynb');
    fs.writeFileSync(file, notebookJson(cellsText, { 1: "'positive'" }));
    const client = await LspTestClient.start({ rootDir: root });
    try {
      const uri = pathToFileURL(file).toString();
      const cells = await client.openNotebook(uri, cellsText.map((text) => ({ text })));
      const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const actions = await client.codeActions(cells[1], at, []);
      assert.equal(actions[0]?.title, 'Extract the model call to a function: answer in src/askbot/ask_model.py');
      assert.equal((await client.codeActions(cells[2], at, [])).some((a) => a.title.startsWith('Extract the model call')), false);
      await client.applyEdit(actions[0].edit!);
      const module = fs.readFileSync(path.join(root, 'src', 'askbot', 'ask_model.py'), 'utf8');
      assert.match(module, /def answer\(messages: list\) -> str:/);
      assert.match(module, /client\.chat\.completions\.create\(model="gpt-4o-mini", messages=messages, temperature=0\)/);
      assert.equal(client.cellText(uri, cells[1]), 'from askbot.ask_model import ask\nr = ask([{"role": "user", "content": "Label: I love it"}])\nr.choices[0].message.content');
      const lines = fs.readFileSync(path.join(root, 'evals', 'ask.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.target, l.reference]), [['askbot.ask_model:answer', 'positive']]);
      assert.ok(fs.existsSync(path.join(root, 'src', 'askbot', '__init__.py')));
      assert.ok(fs.existsSync(path.join(root, 'tests', 'test_evals.py')));
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes one case per call for a cell that asks twice and prints each answer after its header, and updates both when added again', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-several-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "askbot"\n');
    const cellsText = [
      'from openai import OpenAI\nclient = OpenAI()',
      [
        'france = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Capital of France? One word."}])',
        'print("## France")',
        'print(france.choices[0].message.content)',
        'spain = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Capital of Spain? One word."}])',
        'print("## Spain")',
        'print(spain.choices[0].message.content)',
      ].join('\n'),
    ];
    const file = path.join(root, 'capitals.ipynb');
    fs.writeFileSync(file, JSON.stringify({
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: cellsText.map((text, i) => ({
        cell_type: 'code', id: `cell-${i}`, metadata: {}, execution_count: i + 1, source: text,
        outputs: i === 1 ? [{ output_type: 'stream', name: 'stdout', text: '## France\nParis\n## Spain\nMadrid\n' }] : [],
      })),
    }));
    const client = await LspTestClient.start({ rootDir: root });
    try {
      const cells = await client.openNotebook(pathToFileURL(file).toString(), cellsText.map((text) => ({ text })));
      const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      for (let n = 0; n < 2; n++) {
        const add = (await client.codeActions(cells[1], at, [])).find((a) => a.title.startsWith('Add as eval case'));
        assert.equal(add?.title, 'Add as eval cases (evals/capitals.jsonl, 2 cases, one per call)');
        await client.applyEdit(add!.edit!);
      }
      const lines = fs.readFileSync(path.join(root, 'evals', 'capitals.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.input.messages[0].content, l.reference]), [['Capital of France? One word.', 'Paris'], ['Capital of Spain? One word.', 'Madrid']]);
      assert.equal(new Set(lines.map((l) => l.id)).size, 2);
      assert.ok(lines.every((l) => /^cell-1-[0-9a-f]{8}$/.test(l.id)));
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
