// NB501/NB504/NB505 quick fixes through the bundled server, then the real kernel
// (pandas 3, copy-on-write) as the judge: the chained assignment really changed
// nothing and the .loc form does; the seeded split is the same on two runs,
// which the unseeded one is not.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../harness/lspClient';
import { codeNotebookJson } from '../helpers/cli';
import { runPython } from '../helpers/python';

const CELLS = [
  'import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split',
  'print(np.arange(3).tolist())',
  'X = np.arange(40).reshape(20, 2)\ntrain, test = train_test_split(X, test_size=0.3)\nprint(test.tolist())',
  'df = pd.DataFrame({"age": [30, 70, 65], "group": ["a", "a", "a"]})\ndf[df["age"] > 60]["group"] = "senior"\nprint(df["group"].tolist())',
  'missing = df["age"] == np.nan\nprint(missing.tolist())',
];


type Run = { errors: unknown[]; stdout: Record<string, string> };

function runTwice(file: string): [Run, Run] {
  const runs = [0, 1].map(() => JSON.parse(runPython('test/oracle/run_notebooks.py', [file]))[file] as Run);
  return [runs[0], runs[1]];
}

describe('NB5xx quick fixes', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-ml-')));
    // NB504 is opt in: the project selects it by its code.
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.nb2prod]\nselect = ["NB", "NB504"]\n');
    const file = path.join(root, 'model.ipynb');
    fs.writeFileSync(file, codeNotebookJson(CELLS));
    client = await LspTestClient.start({ rootDir: root });
    nbUri = pathToFileURL(file).toString();
    cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const apply = async (cell: number, code: string, title: RegExp, pick: (d: Diagnostic) => boolean = () => true): Promise<CodeAction> => {
    const d = (client.diagnostics.get(cells[cell]) ?? []).find((x) => x.code === code && pick(x));
    assert.ok(d, `cell ${cell + 1} has ${code}: ${JSON.stringify(client.diagnostics.get(cells[cell]))}`);
    const actions = await client.codeActions(cells[cell], d.range, [d]);
    const found = actions.find((a) => title.test(a.title));
    assert.ok(found, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
    await client.applyEdit(found.edit!);
    return found;
  };

  it('the original notebook shows the bugs in a real kernel: nothing changes, and two runs differ', () => {
    const original = path.join(root, 'model.ipynb');
    const [first, second] = runTwice(original);
    assert.deepEqual(first.errors, []);
    assert.equal(first.stdout['3'], "['a', 'a', 'a']\n", 'under copy-on-write the chained assignment changes a copy');
    assert.notEqual(first.stdout['2'], second.stdout['2'], 'the unseeded split differs between runs');
  });

  it('passes random_state=SEED, with SEED read from the configuration as "Move to configuration" writes it', async () => {
    await apply(2, 'NB501', /^Pass `random_state=SEED` to the call \(SEED in configs\/model\.toml\)$/);
    assert.equal(client.cellText(nbUri, cells[0]), `from nb_config import load_config\nCONFIG = load_config("model")\n${CELLS[0]}`);
    assert.equal(client.cellText(nbUri, cells[2]), 'SEED = CONFIG["seed"]\nX = np.arange(40).reshape(20, 2)\ntrain, test = train_test_split(X, test_size=0.3, random_state=SEED)\nprint(test.tolist())');
    assert.equal(fs.readFileSync(path.join(root, 'configs', 'model.toml'), 'utf8'), '# Configuration for the model notebook, read with nb_config.load_config("model").\nseed = 42\n');
    assert.ok(fs.existsSync(path.join(root, 'nb_config.py')));
    assert.deepEqual(client.codesOf(cells[2]).filter((c) => c === 'NB501'), []);
  });

  it('rewrites the chained assignment with .loc and the NaN comparison with pd.isna', async () => {
    await apply(3, 'NB505', /^Replace with `df\.loc\[df\["age"\] > 60, "group"\]`$/);
    await apply(4, 'NB504', /^Replace with `pd\.isna\(df\["age"\]\)`$/);
    assert.deepEqual(client.codesOf(cells[3]).filter((c) => c.startsWith('NB5')), []);
    assert.deepEqual(client.codesOf(cells[4]).filter((c) => c.startsWith('NB5')), []);
  });

  it('the fixed notebook runs, is reproducible, and the assignment now lands', () => {
    const edited = path.join(root, 'fixed.ipynb');
    fs.writeFileSync(edited, codeNotebookJson(cells.map((c) => client.cellText(nbUri, c))));
    const [first, second] = runTwice(edited);
    assert.deepEqual(first.errors, []);
    assert.deepEqual(first.stdout, second.stdout);
    // Only determinism changed: the original notebook, seeded by hand with the configured value, prints the same split.
    const seededByHand = path.join(root, 'seeded-by-hand.ipynb');
    const handCells = CELLS.map((c) => c.replace('test_size=0.3)', 'test_size=0.3, random_state=42)'));
    assert.notEqual(handCells[2], CELLS[2]);
    fs.writeFileSync(seededByHand, codeNotebookJson(handCells));
    const byHand = JSON.parse(runPython('test/oracle/run_notebooks.py', [seededByHand]))[seededByHand] as Run;
    assert.deepEqual(byHand.errors, []);
    assert.equal(first.stdout['1'], byHand.stdout['1']);
    assert.equal(first.stdout['2'], byHand.stdout['2']);
    assert.equal(first.stdout['3'], "['a', 'senior', 'senior']\n");
    assert.equal(first.stdout['4'], '[False, False, False]\n');
  });
});

// The prompt cells need the LLM client library only to be recognised as an LLM
// notebook: the import sits in a try so the kernel runs without it.
const PROMPT_CELLS = [
  'try:\n    import openai\nexcept ImportError:\n    openai = None',
  'SYSTEM_PROMPT = """You are a support assistant for an online shop.\nAnswer in two sentences, politely, and never invent order numbers.\nIf you do not know, say so and offer to hand over to a person."""\nprint(SYSTEM_PROMPT)',
  'question = "Where is my parcel?"\ncontext = "Parcels ship within {two} days."\nprompt_template = f"""Use only the context below to answer the customer question in a friendly tone.\nContext: {context}\nQuestion: {question}\nAnswer with at most {{three}} short sentences and no links."""\nprint(prompt_template)',
];

describe('NB506 move prompts to files', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-prompt-')));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "shopbot"\n');
    const file = path.join(root, 'notebooks', 'support.ipynb');
    fs.writeFileSync(file, codeNotebookJson(PROMPT_CELLS));
    // NB506 is opt in: selected in the settings, as a user who wants it does.
    client = await LspTestClient.start({ rootDir: root, settings: { select: ['NB', 'NB506'] } });
    nbUri = pathToFileURL(file).toString();
    cells = await client.openNotebook(nbUri, PROMPT_CELLS.map((text) => ({ text })));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the prompts once, the second one related', () => {
    const d = (client.diagnostics.get(cells[1]) ?? []).filter((x) => x.code === 'NB506');
    assert.equal(d.length, 1);
    assert.match(String(d[0].message), /The prompt `SYSTEM_PROMPT` is written into the code \(and 1 more prompt\)/);
    assert.equal(d[0].relatedInformation?.length, 1);
    assert.deepEqual((client.diagnostics.get(cells[2]) ?? []).filter((x) => x.code === 'NB506'), []);
  });

  it('moves both prompts to files, the f-string as a template formatted with the same names', async () => {
    const d = (client.diagnostics.get(cells[1]) ?? []).find((x) => x.code === 'NB506')!;
    const actions = await client.codeActions(cells[1], d.range, [d]);
    const fix = actions.find((a) => a.title === 'Move 2 prompts to files (prompts/)');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    await client.applyEdit(fix.edit!);
    assert.equal(client.cellText(nbUri, cells[1]), 'from nb_prompts import load_prompt, prompt_version\nSYSTEM_PROMPT = load_prompt("support/system_prompt")\nprint(SYSTEM_PROMPT)');
    assert.match(client.cellText(nbUri, cells[2]), /^prompt_template = load_prompt\("support\/prompt_template"\)\.format\(context=context, question=question\)$/m);
    assert.equal(fs.readFileSync(path.join(root, 'prompts', 'support', 'prompt_template.txt'), 'utf8'), 'Use only the context below to answer the customer question in a friendly tone.\nContext: {context}\nQuestion: {question}\nAnswer with at most {{three}} short sentences and no links.');
    assert.ok(fs.existsSync(path.join(root, 'notebooks', 'nb_prompts.py')));
    assert.deepEqual((client.diagnostics.get(cells[1]) ?? []).filter((x) => x.code === 'NB506'), []);
  });

  it('the edited notebook prints the same prompts in a real kernel, and the version is the file hash', () => {
    const original = path.join(root, 'original.ipynb');
    fs.writeFileSync(original, codeNotebookJson(PROMPT_CELLS));
    const edited = path.join(root, 'notebooks', 'support.ipynb');
    fs.writeFileSync(edited, codeNotebookJson([...cells.map((c) => client.cellText(nbUri, c)), 'print(prompt_version("support/system_prompt"))']));
    const before = JSON.parse(runPython('test/oracle/run_notebooks.py', [original]))[original] as Run;
    const afterRun = JSON.parse(runPython('test/oracle/run_notebooks.py', ['--project', root, edited]))[edited] as Run;
    assert.deepEqual(before.errors, []);
    assert.deepEqual(afterRun.errors, []);
    assert.equal(afterRun.stdout['1'], before.stdout['1']);
    assert.equal(afterRun.stdout['2'], before.stdout['2']);
    assert.match(before.stdout['2'], /Answer with at most \{three\} short sentences/);
    const hash = createHash('sha256').update(fs.readFileSync(path.join(root, 'prompts', 'support', 'system_prompt.txt'))).digest('hex').slice(0, 12);
    assert.equal(afterRun.stdout['3'], `${hash}\n`);
  });
});
