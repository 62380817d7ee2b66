// Files sent with a prompt (images, PDFs, audio, video) as a case's input.attachments: one
// test per ATTACHMENT_MAKERS / ATTACHMENT_WRAPPERS entry, the notebook patterns met on real
// cookbooks (a `with open(…, "rb")` block, a base64 helper, a data URL), the refusals, and
// the gate sending them in each vendor's shape to the stub clients (no network).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evalCaseSchema, type EvalCase } from '../../server/src/engine/evals/caseFormat';
import { planCallExtraction } from '../../server/src/engine/evals/extractCall';
import { EVAL_GATE_SOURCE } from '../../server/src/engine/evals/gate';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import { ATTACHMENT_MAKERS, ATTACHMENT_WRAPPERS } from '../../server/src/engine/knowledge/llmAttachments';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

const GEMINI = 'from google import genai\nfrom google.genai import types\nimport PIL.Image\nclient = genai.Client()';
const ANTHROPIC = 'import base64\nimport anthropic\nclient = anthropic.Anthropic()';

async function plan(cells: CellInput[], notebook = 'notebooks/vision.ipynb') {
  const engine = await getEngine();
  return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), notebook, 'c1');
}

const asked = (setup: string, call: string, printed = 'A lighthouse at sunset.\n'): CellInput[] => [code(setup), { ...code(`response = ${call}\nprint(response.text)`, 2), outputs: [printed] }];

/** Each table entry as a notebook writes it, and the attachment the case must hold. */
const MAKERS: Record<string, { setup?: string; contents: string; want: Record<string, string> }> = {
  'Image.open': { contents: '["Describe this image.", PIL.Image.open("img/cat.jpg")]', want: { kind: 'image', path: 'notebooks/img/cat.jpg', mime: 'image/jpeg' } },
  'PILImage.open': { setup: 'from PIL import Image as PILImage', contents: '["Describe this image.", PILImage.open("cat.png")]', want: { kind: 'image', path: 'notebooks/cat.png', mime: 'image/png' } },
  'files.upload': { setup: 'audio = client.files.upload(file="../data/memo.mp3")', contents: '[audio, "Describe this image."]', want: { kind: 'audio', path: 'data/memo.mp3', mime: 'audio/mpeg' } },
  'genai.upload_file': { setup: 'report = genai.upload_file("report.pdf", display_name="Report")', contents: '["Describe this image.", report]', want: { kind: 'pdf', path: 'notebooks/report.pdf', mime: 'application/pdf' } },
  'Part.from_uri': { contents: '[types.Part.from_uri(file_uri="gs://bucket/talk.mp4", mime_type="video/mp4"), "Describe this image."]', want: { kind: 'video', url: 'gs://bucket/talk.mp4', mime: 'video/mp4' } },
  FileData: { contents: 'types.Content(parts=[types.Part(text="Describe this image."), types.Part(file_data=types.FileData(file_uri="https://www.youtube.com/watch?v=abc"))])', want: { kind: 'video', url: 'https://www.youtube.com/watch?v=abc', mime: 'video/*' } },
  open: { contents: '["Describe this image.", types.Part.from_bytes(data=open("chart.webp", "rb").read(), mime_type="image/webp")]', want: { kind: 'image', path: 'notebooks/chart.webp', mime: 'image/webp' } },
  'requests.get': { setup: 'import requests', contents: '["Describe this image.", types.Part.from_bytes(data=requests.get("https://example.com/cat.jpg").content, mime_type="image/jpeg")]', want: { kind: 'image', url: 'https://example.com/cat.jpg', mime: 'image/jpeg' } },
  'httpx.get': { setup: 'import httpx', contents: '["Describe this image.", types.Part.from_bytes(data=httpx.get("https://example.com/cat.png", timeout=30).content, mime_type="image/png")]', want: { kind: 'image', url: 'https://example.com/cat.png', mime: 'image/png' } },
  urlopen: { setup: 'import urllib.request', contents: '["Describe this image.", types.Part.from_bytes(data=urllib.request.urlopen("https://example.com/a.pdf").read(), mime_type="application/pdf")]', want: { kind: 'pdf', url: 'https://example.com/a.pdf', mime: 'application/pdf' } },
};

describe('attachments: one test per ATTACHMENT_MAKERS and ATTACHMENT_WRAPPERS entry', () => {
  it('covers every entry', () => {
    assert.deepEqual(Object.keys(MAKERS).sort(), Object.keys(ATTACHMENT_MAKERS).sort());
  });
  for (const [entry, example] of Object.entries(MAKERS)) {
    it(`${entry}: the file is an attachment, the rest is the prompt`, async () => {
      const planned = await plan(asked(`${GEMINI}\n${example.setup ?? ''}`, `client.models.generate_content(model="gemini-2.0-flash", contents=${example.contents})`));
      assert.ok('case' in planned, JSON.stringify(planned));
      const c = evalCaseSchema.parse(planned.case);
      assert.deepEqual(c.input.attachments, [example.want]);
      assert.equal(c.input.prompt, 'Describe this image.');
      assert.equal(c.reference, 'A lighthouse at sunset.');
    });
  }
  const WRAPPERS: Record<string, string> = {
    'base64.b64encode': 'base64.b64encode(open("../img/cat.jpg", "rb").read()).decode("utf-8")',
    'base64.standard_b64encode': 'base64.standard_b64encode(open("../img/cat.jpg", "rb").read()).decode()',
    'Part.from_bytes': '',
  };
  it('covers every wrapper', () => assert.deepEqual(Object.keys(WRAPPERS).sort(), Object.keys(ATTACHMENT_WRAPPERS).sort()));
  for (const [entry, data] of Object.entries(WRAPPERS).filter(([, d]) => d)) {
    it(`${entry}: an Anthropic image block of a file's base64 is that file`, async () => {
      const block = `{"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": ${data}}}`;
      const planned = await plan([code(ANTHROPIC), { ...code(`r = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=[{"role": "user", "content": [${block}, {"type": "text", "text": "Write a haiku about it."}]}])\nprint(r.content[0].text)`, 2), outputs: ['Whiskers in the sun\n'] }]);
      assert.ok('case' in planned, JSON.stringify(planned));
      assert.deepEqual(planned.case.input.attachments, [{ kind: 'image', path: 'img/cat.jpg', mime: 'image/jpeg' }]);
      assert.deepEqual(planned.case.input.messages, [{ role: 'user', content: 'Write a haiku about it.' }]);
    });
  }
  // (Part.from_bytes is the `open` example above.)
});

describe('attachments: the patterns real notebooks use', () => {
  it('a `with open(…, "rb")` block base64-encoding the file, in the cell above or the same cell', async () => {
    const read = 'with open("../images/sunset.jpeg", "rb") as image_file:\n    binary_data = image_file.read()\n    encoded = base64.b64encode(binary_data)\n    base64_string = encoded.decode("utf-8")';
    const call = 'message_list = [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": base64_string}}, {"type": "text", "text": "Write a sonnet based on this image."}]}]\nresponse = client.messages.create(model="claude-3-opus-20240229", max_tokens=2048, messages=message_list)\nprint(response.content[0].text)';
    for (const cells of [[code(ANTHROPIC), code(read), { ...code(call, 3), outputs: ['Upon the shore...\n'] }], [code(ANTHROPIC), { ...code(`${read}\n\n${call}`, 2), outputs: ['Upon the shore...\n'] }]]) {
      const planned = await plan(cells, 'multimodal/vision.ipynb');
      assert.ok('case' in planned, JSON.stringify(planned));
      assert.deepEqual(planned.case.input.attachments, [{ kind: 'image', path: 'images/sunset.jpeg', mime: 'image/jpeg' }]);
    }
  });

  it('a file uploaded, then waited for while it is processing (`f = client.files.get(name=f.name)` in a loop), and a path bound to a name', async () => {
    const wait = 'video = client.files.upload(file=VIDEO)\nwhile video.state.name == "PROCESSING":\n    time.sleep(5)\n    video = client.files.get(name=video.name)';
    const planned = await plan([code(`${GEMINI}\nimport time\nVIDEO = "media/talk.mp4"`), code(wait), { ...code('response = client.models.generate_content(model="gemini-2.0-flash", contents=["Summarize this video.", video])\nprint(response.text)', 3), outputs: ['A talk about tides.\n'] }]);
    assert.ok('case' in planned, JSON.stringify(planned));
    assert.deepEqual(planned.case.input.attachments, [{ kind: 'video', path: 'notebooks/media/talk.mp4', mime: 'video/mp4' }]);
    // Anything else rebinding it in the loop leaves it computed.
    const other = await plan([code(`${GEMINI}\nimport time\nVIDEO = "media/talk.mp4"`), code(wait.replace('client.files.get(name=video.name)', 'client.files.get(name=other.name)')), { ...code('response = client.models.generate_content(model="gemini-2.0-flash", contents=["Summarize this video.", video])\nprint(response.text)', 3), outputs: ['A talk about tides.\n'] }]);
    assert.ok('refused' in other, JSON.stringify(other));
    const pdf = await plan([code(ANTHROPIC), { ...code('pdf_path = "data/paper.pdf"\nwith open(pdf_path, "rb") as f:\n    pdf_data = base64.b64encode(f.read()).decode()\n\nr = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=500, messages=[{"role": "user", "content": [{"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": pdf_data}}, {"type": "text", "text": "Summarize the paper."}]}])\nprint(r.content[0].text)', 2), outputs: ['It proposes a method.\n'] }]);
    assert.ok('case' in pdf, JSON.stringify(pdf));
    assert.deepEqual(pdf.case.input.attachments, [{ kind: 'pdf', path: 'notebooks/data/paper.pdf', mime: 'application/pdf' }]);
  });

  it('the notebook\'s own base64 helper called with a literal path, and an OpenAI data URL', async () => {
    const helper = 'def get_base64_encoded_image(image_path):\n    with open(image_path, "rb") as img_file:\n        binary_data = img_file.read()\n        return base64.b64encode(binary_data).decode("utf-8")';
    const cells = [code(`import base64\nfrom openai import OpenAI\nclient = OpenAI()\n${helper}`), { ...code('r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": [{"type": "text", "text": "What is in the picture?"}, {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{get_base64_encoded_image(\'scan.png\')}"}}]}])\nprint(r.choices[0].message.content)', 2), outputs: ['A receipt.\n'] }];
    const planned = await plan(cells);
    assert.ok('case' in planned, JSON.stringify(planned));
    assert.deepEqual(planned.case.input.attachments, [{ kind: 'image', path: 'notebooks/scan.png', mime: 'image/png' }]);
    assert.deepEqual(planned.case.input.messages, [{ role: 'user', content: 'What is in the picture?' }]);
    // "Extract the model call to a function" would drop the file: it says so.
    const engine = await getEngine();
    const extraction = planCallExtraction({ cells, cell: 1, statements: (s) => engine.statements(s), packageName: 'pkg', moduleName: 'vision_model', notebook: 'notebooks/vision.ipynb' });
    assert.match('refused' in extraction ? extraction.refused : '', /sends files with its prompt/);
  });

  it('refuses what it cannot hold: an absolute or outside path, a changed image, a file in text, a text read, the text of a page, a file the notebook wrote, cached content, an earlier turn\'s file, a helper that fetches', async () => {
    const refusals: [string[], RegExp][] = [
      [[GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", PIL.Image.open("/content/cat.jpg")])'], /outside the project \(an absolute path\)/],
      [[GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", PIL.Image.open("../../cat.jpg")])'], /outside the project/],
      [[GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", PIL.Image.open("cat.jpg").resize((64, 64))])'], /is computed, not written out/],
      [[GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=f"Describe {open(\'cat.jpg\', \'rb\').read()}")'], /is computed, not written out/],
      [[GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Summarize:", open("notes.txt").read()])'], /is computed, not written out/],
      [[`${GEMINI}\nimport requests`, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Summarize:", requests.get("https://example.com/page").text])'], /is computed, not written out/],
      [[`${GEMINI}\nfilename = "page.jpg"\nwith open(filename, "wb") as f:\n    f.write(retrieved_bytes)`, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", PIL.Image.open(filename)])'], /written by the notebook/],
      [[`${GEMINI}\nmade.save("out.png")`, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", PIL.Image.open("out.png")])'], /written by the notebook/],
      [[GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents="Quote the transcript.", config={"cached_content": cache.name})'], /cached content/],
      [[`${GEMINI}\nimport requests`, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", types.Part.from_bytes(data=requests.get(IMAGE_URL).content, mime_type="image/png")])'], /is computed, not written out/],
      [[`${GEMINI}\nimport requests, base64\ndef encode_image(url):\n    with open(url, "rb") as f:\n        return base64.b64encode(requests.get(url).content)`, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Describe it.", encode_image("cat.jpg")])'], /is computed, not written out/],
      [[ANTHROPIC, 'client.messages.create(model="claude-3-5-haiku-latest", max_tokens=99, messages=[{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": base64.b64encode(open("a.png", "rb").read()).decode()}}, {"type": "text", "text": "What is it?"}]}, {"role": "assistant", "content": "A cat."}, {"role": "user", "content": "Its colour?"}])'], /cannot hold it/],
    ];
    for (const [[setup, call], reason] of refusals) {
      const planned = await plan(asked(setup, call));
      assert.ok('refused' in planned, `${call}: ${JSON.stringify(planned)}`);
      assert.match(planned.refused, reason, call);
    }
  });
});

function pytest(root: string, env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:OPENAI_API_KEY|ANTHROPIC_API_KEY|GOOGLE_API_KEY|GEMINI_API_KEY|GOOGLE_CLOUD_PROJECT|NB2PROD_EVAL_JUDGE|PYTEST_ADDOPTS)$/.test(k)));
  const files = Object.fromEntries(['OPENAI', 'GENAI', 'ANTHROPIC'].flatMap((v) => [[`STUB_${v}_ANSWERS`, path.join(root, 'answers.json')], [`STUB_${v}_CALLS`, path.join(root, `${v.toLowerCase()}-calls.jsonl`)]]));
  const run = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', 'tests/test_evals.py'], {
    cwd: root, encoding: 'utf8', env: { ...clean, PYTHONPATH: path.join(REPO_ROOT, 'test', 'fixtures', 'eval-stub'), ...files, ...env },
  });
  return { code: run.status, out: `${run.stdout}\n${run.stderr}` };
}

const calls = (root: string, vendor: string) => fs.readFileSync(path.join(root, `${vendor}-calls.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the eval gate sends a case\'s attachments in each vendor\'s shape (stub clients)', () => {
  it('OpenAI image_url, Anthropic image block, Gemini parts from bytes and from a URI; a missing file skips with its path', async () => {
    const openai = await plan([code('import base64\nfrom openai import OpenAI\nclient = OpenAI()'), { ...code('r = client.chat.completions.create(model="gpt-4o-mini", temperature=0, messages=[{"role": "user", "content": [{"type": "text", "text": "Which shape is this?"}, {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{base64.b64encode(open(\'shapes/square.png\', \'rb\').read()).decode()}"}}]}])\nprint(r.choices[0].message.content)', 2), outputs: ['square\n'] }]);
    const anthropic = await plan([code(ANTHROPIC), { ...code('r = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": base64.b64encode(open("shapes/square.png", "rb").read()).decode()}}, {"type": "text", "text": "Which shape is this?"}]}])\nprint(r.content[0].text)', 2), outputs: ['square\n'] }]);
    const gemini = await plan(asked(GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Which shape is this?", PIL.Image.open("shapes/square.png"), types.Part.from_uri(file_uri="gs://shapes/talk.mp4", mime_type="video/mp4")])', 'square\n'));
    const missing = await plan(asked(GEMINI, 'client.models.generate_content(model="gemini-2.0-flash", contents=["Which shape is this?", PIL.Image.open("shapes/circle.png")])', 'circle\n'));
    const cases: EvalCase[] = [openai, anthropic, gemini, missing].map((p) => {
      assert.ok('case' in p, JSON.stringify(p));
      return evalCaseSchema.parse(p.case);
    });
    // "Which shape is this?" lists no options: the short answer is graded by containing it, not as a label.
    assert.deepEqual(cases.map((c) => c.grader.kind), ['contains', 'contains', 'contains', 'contains']);
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-gate-files-')));
    try {
      for (const dir of ['evals', 'tests', 'notebooks/shapes']) fs.mkdirSync(path.join(root, dir), { recursive: true });
      // A tiny PNG-like file: the stubs record the hash of the bytes they were sent.
      const bytes = Buffer.from('\x89PNG\r\n\x1a\nsquare', 'latin1');
      fs.writeFileSync(path.join(root, 'notebooks', 'shapes', 'square.png'), bytes);
      const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
      fs.writeFileSync(path.join(root, 'evals', 'vision.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.nb2prod.evals]\nthreshold = 0.9\n');
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'Which shape': 'Square' }));
      const run = pytest(root, { OPENAI_API_KEY: 'stub', ANTHROPIC_API_KEY: 'stub', GOOGLE_API_KEY: 'stub' });
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, /SKIPPED .*the case sends notebooks\/shapes\/circle\.png, which is missing/);
      assert.match(run.out, /eval pass rate 100% \(3 of 3 passed\)/);
      const dataUrl = `data:image/png;base64,${bytes.toString('base64')}`.slice(0, 40);
      assert.deepEqual(calls(root, 'openai').map((c) => [c.prompt, c.files]), [['Which shape is this?', [dataUrl]]]);
      assert.deepEqual(calls(root, 'anthropic').map((c) => [c.prompt, c.files]), [['Which shape is this?', [{ type: 'image', media_type: 'image/png', sha256: sha }]]]);
      assert.deepEqual(calls(root, 'genai').map((c) => [c.prompt, c.files]), [['Which shape is this?', [{ mime_type: 'image/png', sha256: sha }, { file_uri: 'gs://shapes/talk.mp4', mime_type: 'video/mp4' }]]]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
