// The Production Brief panel's custom requests through the bundled server: read the
// brief, edit a field (saved to PRODUCTION_BRIEF.md as an undoable edit), and the
// readiness checklist changing as the project changes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { BriefRequest, CreateBriefRequest, ReadinessRequest, UpdateBriefRequest, type ReadinessInfo } from '../../server/src/shared/protocol';
import { LspTestClient } from '../harness/lspClient';

describe('brief and readiness requests', () => {
  let root: string;
  let client: LspTestClient;
  const readiness = async () => {
    const r = (await client.connection.sendRequest(ReadinessRequest.type, { uri: pathToFileURL(path.join(root, 'notebooks', 'a.ipynb')).toString() })) as ReadinessInfo;
    return Object.fromEntries(r.items.map((i) => [i.id, i.status]));
  };

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-brief-')));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'pandas==2.2.0\n');
    fs.writeFileSync(path.join(root, 'notebooks', 'a.ipynb'), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
    client = await LspTestClient.start({ rootDir: root });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads a missing brief as the template, from any file of the project', async () => {
    const brief = await client.connection.sendRequest(BriefRequest.type, { uri: pathToFileURL(path.join(root, 'notebooks', 'a.ipynb')).toString() });
    assert.equal(brief?.root, root);
    assert.equal(brief?.exists, false);
    assert.deepEqual(brief?.fields.map((f) => f.heading), ['Users', 'Decision', 'KPI', 'Simpler alternative', 'Approach', 'Failure modes', 'Owners', 'Serving', 'Release plan', 'Monitoring', 'Feedback']);
    assert.equal((await readiness()).brief, 'missing');
  });

  it('saves an edited field to PRODUCTION_BRIEF.md, and the checklist follows', async () => {
    assert.deepEqual(await client.connection.sendRequest(UpdateBriefRequest.type, { root, fieldId: 'users', value: 'The retention team' }), { applied: true });
    const text = fs.readFileSync(path.join(root, 'PRODUCTION_BRIEF.md'), 'utf8');
    assert.match(text, /## Users\n\n<!-- Who uses the output, and where do they see it\? -->\nThe retention team\n/);
    await client.filesChanged([path.join(root, 'PRODUCTION_BRIEF.md')]);
    const changed = await client.connection.sendRequest(BriefRequest.type, {});
    assert.equal(changed?.fields.find((f) => f.id === 'users')?.value, 'The retention team');
    assert.equal((await readiness()).brief, 'partial');

    // A hand edit elsewhere in the file survives the next field update byte for byte.
    fs.writeFileSync(path.join(root, 'PRODUCTION_BRIEF.md'), `${text}\n## Notes\n\nKeep *this*.\n`);
    await client.connection.sendRequest(UpdateBriefRequest.type, { root, fieldId: 'kpi', value: 'Churn down 0.5 points' });
    const after = fs.readFileSync(path.join(root, 'PRODUCTION_BRIEF.md'), 'utf8');
    assert.ok(after.endsWith('\n## Notes\n\nKeep *this*.\n'));
    assert.match(after, /## KPI\n\n<!--[^>]*-->\nChurn down 0\.5 points\n/);
  });

  it('does not create a brief over an existing one', async () => {
    const result = await client.connection.sendRequest(CreateBriefRequest.type, {});
    assert.equal(result.applied, false);
    assert.match(result.reason ?? '', /exists already/);
  });

  it('moves data-path and evals as files appear', async () => {
    assert.equal((await readiness()).evals, 'missing');
    fs.mkdirSync(path.join(root, 'evals'));
    fs.writeFileSync(path.join(root, 'evals', 'cases.jsonl'), '{"id": "1"}\n');
    const changed = new Promise<void>((resolve) => client.connection.onNotification('nb2prod/projectChanged', () => resolve()));
    await client.filesChanged([path.join(root, 'evals', 'cases.jsonl')]);
    await changed;
    assert.equal((await readiness()).evals, 'partial');
  });

  it('names the files behind each reason and where each status comes from, for the panel to link', async () => {
    fs.mkdirSync(path.join(root, 'app'));
    fs.writeFileSync(path.join(root, 'app', 'main.py'), 'from fastapi import FastAPI\n\napp = FastAPI()\n');
    fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app"]\n');
    const changed = new Promise<void>((resolve) => client.connection.onNotification('nb2prod/projectChanged', () => resolve()));
    await client.filesChanged([path.join(root, 'app', 'main.py'), path.join(root, 'Dockerfile')]);
    await changed;
    const info = (await client.connection.sendRequest(ReadinessRequest.type, { uri: pathToFileURL(path.join(root, 'notebooks', 'a.ipynb')).toString() })) as ReadinessInfo;
    const serving = info.items.find((i) => i.id === 'serving')!;
    assert.equal(serving.status, 'done');
    assert.deepEqual(serving.sources, ['code']);
    assert.deepEqual(serving.files, ['app/main.py', 'Dockerfile']);
    assert.deepEqual(serving.target, { file: 'app/main.py' });
    assert.match(serving.reason, /FastAPI app \(app\/main\.py\)/);
    // The brief's items say so; every linked file is a project file that exists.
    assert.deepEqual(info.items.find((i) => i.id === 'brief')!.sources, ['brief']);
    for (const item of info.items) for (const file of item.files) assert.ok(fs.existsSync(path.join(root, file)), `${item.id}: ${file}`);
  });
});
