// The engine keeps cell summaries by cell text, bounded by count and by characters of source:
// a summary's size follows its source's, and a CLI project job summarises whole modules
// (200 of one repository's modules held 44 MB of a worker's 64 MB heap).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { mergeConfig } from '../../server/src/engine/config';
import { defaultWasmDir } from '../../server/src/engine/parser';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { CLI_ENGINE_OPTIONS } from '../../server/src/run/models';
import { REPO_ROOT } from '../helpers/engine';
import { writeProject } from '../helpers/project';

/** A module of about `chars` characters, different for each `n`. */
function moduleText(n: number, chars: number): string {
  const lines = [`"""Feature helpers, part ${n}."""`, 'import numpy as np', ''];
  for (let i = 0; lines.join('\n').length < chars; i++) {
    lines.push(`def scale_${n}_${i}(values, factor=${i + 1}):`, `    arr = np.asarray(values, dtype=float)`, `    return arr * factor / (arr.max() or 1)`, '');
  }
  return lines.join('\n');
}

describe('summary cache', () => {
  it('drops the oldest summaries once the kept sources pass the character bound', async () => {
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT), { cacheSize: 200, cacheChars: 100 });
    const first = 'x = 1\n'.repeat(10); // 60 characters
    const second = 'y = 2\n'.repeat(10);
    const a = engine.summarize(first);
    const b = engine.summarize(second);
    assert.equal(engine.summarize(second), b, 'the newest is kept');
    assert.notEqual(engine.summarize(first), a, 'the oldest was dropped: 120 characters are over 100');
  });

  it('keeps a source alone over the bound until the next one comes', async () => {
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT), { cacheSize: 200, cacheChars: 10 });
    const big = 'total = 0\nfor i in range(3):\n    total += i\n';
    const summary = engine.summarize(big);
    assert.equal(engine.summarize(big), summary);
  });

  it("bounds the CLI engine's summaries of a project's modules by their size, not only their count", async () => {
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT), CLI_ENGINE_OPTIONS);
    const modules = Array.from({ length: 100 }, (_, n) => moduleText(n, 10_000));
    const firstSummary = engine.summarize(modules[0]);
    for (const m of modules.slice(1)) engine.summarize(m);
    // 100 modules of 10 KB are fewer than 200 entries but a megabyte of source: the first is gone.
    assert.notEqual(engine.summarize(modules[0]), firstSummary);
    // Small cells stay cached as before.
    const cell = 'import pandas as pd\ndf = pd.read_csv("prices.csv")';
    const cellSummary = engine.summarize(cell);
    assert.equal(engine.summarize(cell), cellSummary);
  });
});

describe("a project's module rules under a bounded summary cache", () => {
  it('analyse the modules the model build summarised last first, and report them in order', async () => {
    // Each with an HTTP call that can wait forever: NB503 on each module.
    const modules = [0, 1, 2].map((n) => `import requests\n${moduleText(n, 3_000)}\ndef fetch_${n}(url):\n    return requests.get(url).json()\n`);
    const files: Record<string, string> = { 'requirements.txt': 'numpy==1.26.4\nrequests==2.32.3\n', 'pricing/__init__.py': '' };
    modules.forEach((m, n) => (files[`pricing/part${n}.py`] = m));
    // Room for two of the three modules' summaries.
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT), { cacheSize: 200, cacheChars: 6_500 });
    const parser = (engine as unknown as { parser: { syntax(code: string): unknown } }).parser;
    const syntax = parser.syntax.bind(parser);
    let parses = 0;
    parser.syntax = (code: string) => {
      parses++;
      return syntax(code);
    };
    try {
      const model = buildProjectModel(writeProject(files), (s) => engine.summarize(s));
      const config = mergeConfig({ select: ['NB3', 'NB4', 'NB5'] });
      parses = 0;
      const found = analyzeProjectFiles(model, config, (source) => engine.analyzeModule(source, config, model));
      // Last first: part2 and part1 are still cached, only part0 is parsed again (in order, all three were).
      assert.equal(parses, 1);
      const timeouts = found.filter((f) => f.findings.some((x) => x.code === 'NB503')).map((f) => f.file);
      assert.deepEqual(timeouts, ['pricing/part0.py', 'pricing/part1.py', 'pricing/part2.py']);
    } finally {
      parser.syntax = syntax;
    }
  });
});
