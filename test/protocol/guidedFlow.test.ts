// The Production Brief panel's guided flow over the real server: the checklist the
// panel gets (nb2prod/brief, nb2prod/readiness) gives each unfinished step its
// next-action buttons (shared/nextActions.ts, what the webview draws); the buttons'
// commands run on the notebook through workspace/executeCommand, and the steps they
// do turn done, their buttons gone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { nextActions, NOTEBOOK_COMMANDS, type NextAction } from '../../server/src/shared/nextActions';
import { BriefRequest, ReadinessRequest, type BriefInfo, type ReadinessInfo } from '../../server/src/shared/protocol';
import { LspTestClient } from '../harness/lspClient';

const CELLS = [
  'import pandas as pd\nfrom orders.pricing import order_total',
  'orders = pd.read_csv("/home/ana/exports/orders_2024.csv")',
  'order_total(3, 19.99)',
];

function notebookJson(sources: string[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: sources.map((source, i) => ({
      cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: i + 1, source,
      outputs: i === 2 ? [{ output_type: 'execute_result', execution_count: 3, metadata: {}, data: { 'text/plain': '59.97' } }] : [],
    })),
  }, null, 1);
}

const label = (a: NextAction) => (a.kind === 'field' ? `${a.label} [${a.fieldId}]` : a.kind === 'command' ? `${a.label} [${a.command}]` : a.kind === 'problems' ? `${a.label} [${a.codes.join(', ')}]` : a.label);

describe('guided flow in the Production Brief panel', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];
  /** The buttons before any was pressed. */
  let firstButtons: Record<string, string[]> = {};
  const nbFile = () => path.join(root, 'notebooks', 'orders.ipynb');
  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-guided-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "orders"\nversion = "0.1.0"\ndependencies = ["pandas==2.2.2"]\n');
    fs.mkdirSync(path.join(root, 'src', 'orders'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'orders', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'src', 'orders', 'pricing.py'), 'def order_total(quantity: int, unit_price: float) -> float:\n    return round(quantity * unit_price, 2)\n');
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(nbFile(), notebookJson(CELLS));
    nbUri = pathToFileURL(nbFile()).toString();
    client = await LspTestClient.start({ rootDir: root });
    cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const panel = async () => {
    const brief = (await client.connection.sendRequest(BriefRequest.type, { uri: nbUri })) as BriefInfo;
    const readiness = (await client.connection.sendRequest(ReadinessRequest.type, { uri: nbUri })) as ReadinessInfo;
    return {
      readiness,
      actions: readiness.items.flatMap((item) => nextActions(item, brief)),
      buttons: Object.fromEntries(readiness.items.map((item) => [item.id, nextActions(item, brief).map(label)])),
    };
  };

  it('gives each unfinished step the action nb2prod can do for it', async () => {
    const { buttons, actions } = await panel();
    firstButtons = buttons;
    // VS Code registers the server's commands: every button's command must be one of them.
    const commands = actions.flatMap((a) => (a.kind === 'command' ? [a.command] : []));
    assert.deepEqual(commands.filter((c) => !client.serverCommands.includes(c)), []);
    assert.deepEqual(buttons, {
      brief: ['Create the brief'],
      approach: ['Write approach in the brief [approach]'],
      'data-path': ['Move paths to configuration [nb2prod.moveConfiguration]'],
      modules: ['Extract the notebook to a project [nb2prod.exportNotebook]'],
      evals: ['Add eval cases [nb2prod.addEvalCases]'],
      serving: ['Create the pipeline [nb2prod.createPipeline]', 'Serve a function [nb2prod.serveFunction]'],
      packaging: ['Move configuration [nb2prod.moveConfiguration]', 'Create the pipeline [nb2prod.createPipeline]'],
      logging: ['Serve a function [nb2prod.serveFunction]', 'Create the pipeline [nb2prod.createPipeline]'],
      release: ['Write release plan in the brief [release-plan]'],
      monitoring: ['Write monitoring in the brief [monitoring]'],
      feedback: ['Write feedback in the brief [feedback]'],
    });
  });

  it('the buttons\' commands run on the notebook, and the steps they do lose their buttons', async () => {
    const run = (command: string) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: [nbUri] }) as Promise<{ applied: boolean; summary?: string; reason?: string }>;
    const moved = await run(NOTEBOOK_COMMANDS.moveConfiguration);
    assert.deepEqual([moved.applied, moved.summary], [true, 'Move the constant of the notebook to configuration (configs/orders.toml)']);
    assert.doesNotMatch(client.cellText(nbUri, cells[1]), /\/home\/ana/);
    const evals = await run(NOTEBOOK_COMMANDS.addEvalCases);
    assert.equal(evals.applied, true, evals.reason);
    assert.ok(fs.existsSync(path.join(root, 'evals', 'orders.jsonl')));
    const served = await run(NOTEBOOK_COMMANDS.serveFunction);
    assert.deepEqual([served.applied, served.summary], [true, 'order_total (src/orders/pricing.py) at POST /order_total']);
    const again = await run(NOTEBOOK_COMMANDS.moveConfiguration);
    assert.deepEqual(again, { applied: false, reason: 'the notebook has no constant or data location to move' });

    // The user saves the notebook; the editor reports the files that changed.
    fs.writeFileSync(nbFile(), notebookJson(cells.map((c) => client.cellText(nbUri, c))));
    const changed = new Promise<void>((resolve) => client.connection.onNotification('nb2prod/projectChanged', () => resolve()));
    await client.filesChanged([nbFile(), path.join(root, 'app', 'main.py'), path.join(root, 'evals', 'orders.jsonl'), path.join(root, 'configs', 'orders.toml')]);
    await changed;
    const { readiness, buttons } = await panel();
    const status = Object.fromEntries(readiness.items.map((i) => [i.id, i.status]));
    assert.deepEqual([status.serving, status.logging], ['done', 'done']);
    assert.deepEqual([buttons.serving, buttons.logging], [[], []]);
    assert.deepEqual(buttons['data-path'], [], 'no machine-specific path left to move');
    assert.deepEqual(buttons.evals, ['Write the baseline to beat in the brief [simpler-alternative]']);
  });

  it('"Extract the notebook" and "Create the pipeline" preview the export, then apply it; the packaging step counts the pipeline\'s run command', async () => {
    const commandOf = (item: string, text: string) => firstButtons[item].find((b) => b.startsWith(text))?.match(/\[(.*)\]$/)?.[1];
    const extract = commandOf('modules', 'Extract the notebook');
    const pipeline = commandOf('packaging', 'Create the pipeline');
    assert.deepEqual([extract, pipeline], [NOTEBOOK_COMMANDS.exportNotebook, NOTEBOOK_COMMANDS.createPipeline]);
    // The client shows [uri, "preview"] in a modal first and sends [uri, "apply"] on Apply (client/src/exportCommands.ts).
    const run = (command: string, mode: string) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: [nbUri, mode] }) as Promise<{ applied: boolean; preview?: string; reason?: string }>;
    const plan = await run(extract!, 'preview');
    assert.equal(plan.applied, false, plan.reason);
    assert.match(plan.preview ?? '', /create pipelines\/orders\.py/);
    assert.ok(!fs.existsSync(path.join(root, 'pipelines')), 'a preview writes nothing');
    const exported = await run(extract!, 'apply');
    assert.equal(exported.applied, true, exported.reason);
    assert.ok(fs.existsSync(path.join(root, 'pipelines', 'orders.py')));

    // The user saves the notebook (the cells' saved outputs are what the pipeline's test compares with).
    fs.writeFileSync(nbFile(), notebookJson(cells.map((c) => client.cellText(nbUri, c))));
    await client.connection.sendNotification('notebookDocument/didSave', { notebookDocument: { uri: nbUri } });
    const changed = new Promise<void>((resolve) => client.connection.onNotification('nb2prod/projectChanged', () => resolve()));
    await client.filesChanged([nbFile(), path.join(root, 'pipelines', 'orders.py'), path.join(root, 'pyproject.toml')]);
    await changed;
    // The export wrote the pipeline: "Create the pipeline" has nothing left to write, and says so.
    const again = (await run(pipeline!, 'preview')) as { unchanged?: boolean; reason?: string; preview?: string };
    assert.equal(again.unchanged, true, again.preview);
    assert.match(again.reason ?? '', /^pipelines\/orders\.py is up to date/);
    const after = await panel();
    // The pipeline's console script is the packaging step's run command (pinning the served app's dependencies is the user's).
    const packaging = after.readiness.items.find((i) => i.id === 'packaging');
    assert.match(packaging?.reason ?? '', /Run with: console script \(pyproject\.toml\)/);
    assert.match(packaging?.reason ?? '', /configuration files \(configs\/orders\.toml\)/);
    // Only the pins are missing now (the served app's fastapi and uvicorn are declared unpinned): the button
    // shows them, and offers no command that would not pin them.
    assert.deepEqual([packaging?.status, packaging?.missing], ['partial', ['pins']], packaging?.reason);
    assert.match(packaging?.reason ?? '', /^Not pinned: /);
    assert.deepEqual(after.buttons.packaging, ['Show the unpinned dependencies [NB401, NB402]']);
  });
});
