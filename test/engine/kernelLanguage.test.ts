// A notebook that does not run Python gets no Python rules, and exactly one
// information finding (NB002) that says so. The language comes from the notebook
// metadata, or from the cells' own languages (the editor's languageId, nbformat 3).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseIpynb } from '../../server/src/engine/ipynb';
import { parsePercentScript } from '../../server/src/engine/percent';
import type { CellInput, NotebookInput } from '../../server/src/engine/types';
import { analyze, code, markdown, REPO_ROOT } from '../helpers/engine';

/** NB102 is opt in; these tests name it as a user who turns it on does: its finding shows the Python rules ran. */
const WITH_NB102 = { select: ['NB', 'NB102'] };

// R code that, read as Python, would be full of findings (undefined names, out-of-order runs).
const R_CELLS: CellInput[] = [
  markdown('# Survival model'),
  code('library(survival)\nfit <- coxph(Surv(time, status) ~ age, data = lung)', 4),
  code('summary(fit)\nwrite.csv(lung, "/Users/ines/Desktop/lung.csv")', 2),
  code('plot(fit)'),
];

const metadataOf = (language: string, name = language) => ({ kernelspec: { name, display_name: language, language }, language_info: { name: language.toLowerCase() } });

describe('NB002 not-python', () => {
  it('gives an R notebook one information finding and nothing else', async () => {
    const findings = await analyze({ cells: R_CELLS, metadata: metadataOf('R', 'ir') });
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.cell]), [['NB002', 'information', 0]]);
    assert.equal(findings[0].message, 'This notebook runs R, not Python: nb2prod checks Python notebooks only, so no rule ran on it.');
  });

  it('reads the language from language_info when the kernelspec has none', async () => {
    const findings = await analyze({ cells: R_CELLS, metadata: { language_info: { name: 'julia', version: '1.10.2' } } });
    assert.deepEqual(findings.map((f) => f.code), ['NB002']);
    assert.match(findings[0].message, /runs Julia, not Python/);
  });

  it('skips an empty kernelspec language, and reads a Databricks export\'s language', async () => {
    const empty = await analyze({ cells: R_CELLS, metadata: { kernelspec: { name: 'sparkkernel', language: '' }, language_info: { name: 'scala' } } });
    assert.match(empty[0].message, /runs Scala, not Python/);
    const databricks = await analyze({ cells: R_CELLS, metadata: { 'application/vnd.databricks.v1+notebook': { language: 'sql', notebookName: 'daily_load' } } });
    assert.match(databricks[0].message, /runs SQL, not Python/);
    const databricksPython = await analyze({ cells: [code('print(spark_total)')], metadata: { 'application/vnd.databricks.v1+notebook': { language: 'python' } } });
    assert.ok(!databricksPython.some((f) => f.code === 'NB002'));
  });

  it('says nothing on a notebook of text alone (nothing a rule would check)', async () => {
    const prose = [markdown('# About these lectures\nRead them in order.'), code('   \n')];
    assert.deepEqual(await analyze({ cells: prose, metadata: metadataOf('julia') }), []);
  });

  it('names languages it has no spelling for as the notebook does', async () => {
    const findings = await analyze({ cells: R_CELLS, metadata: { kernelspec: { name: 'gophernotes', language: 'go-lang' } } });
    assert.match(findings[0].message, /runs go-lang, not Python/);
  });

  it('leaves Python notebooks, PySpark and Coconut kernels and notebooks that say nothing to the Python rules', async () => {
    const cells = [code('print(total)', 1)];
    // Coconut is a Python superset: a cookbook saved under a Coconut kernel holds plain Python cells.
    const coconut = { kernelspec: { name: 'coconut', display_name: 'Coconut', language: 'coconut' }, language_info: { name: 'coconut', file_extension: '.coco' } };
    for (const metadata of [metadataOf('python', 'python3'), { kernelspec: { name: 'pysparkkernel', language: 'python' }, language_info: { name: 'pyspark' } }, coconut, {}, undefined]) {
      const findings = await analyze({ cells, metadata }, WITH_NB102);
      assert.deepEqual(findings.map((f) => f.code), ['NB102'], JSON.stringify(metadata));
    }
  });

  it('in the editor, goes by the cells\' languages: non-Python code cells only is not Python', async () => {
    // As the LSP glue builds it: a code cell in another language is a raw cell with its languageId.
    const rCell = (source: string): CellInput => ({ kind: 'raw', source, language: 'r' });
    const rOnly: NotebookInput = { cells: [markdown('# Notes'), rCell('x <- 1'), rCell('print(y)')] };
    assert.deepEqual((await analyze(rOnly)).map((f) => f.code), ['NB002']);
    // One Python cell among them (a notebook that switched one cell to SQL, say) is a Python notebook.
    const mixed: NotebookInput = { cells: [{ ...code('print(undefined_name)'), language: 'python' }, { kind: 'raw', source: 'SELECT 1', language: 'sql' }], metadata: metadataOf('python') };
    assert.deepEqual((await analyze(mixed, WITH_NB102)).map((f) => f.code), ['NB102']);
  });

  it('can be turned off like any rule, leaving the notebook silent', async () => {
    const findings = await analyze({ cells: R_CELLS, metadata: metadataOf('R', 'ir') }, { severity: { NB002: 'off' } });
    assert.deepEqual(findings, []);
  });

  it('reads an nbformat 3 IJulia notebook\'s language from its cells', async () => {
    const parsed = parseIpynb(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'nbformat3', 'julia_ijulia.ipynb'), 'utf8'));
    assert.ok('notebook' in parsed);
    const findings = await analyze(parsed.notebook);
    assert.deepEqual(findings.map((f) => f.code), ['NB002']);
    assert.match(findings[0].message, /runs Julia/);
  });

  // holdout16: Snowflake Notebooks save each cell's language in its metadata; their SQL cells (a Python UDF's body
  // between `$$` among them) were read as Python, with imports "after the top" and autocalls in SQL keywords.
  it('reads a Snowflake notebook\'s per-cell languages: SQL cells are not Python, a `%%sql` magic cell still is', async () => {
    const cell = (language: string, source: string) => ({ cell_type: 'code', metadata: { language, name: `c${source.length}` }, execution_count: null, outputs: [], source });
    const notebook = (cells: object[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { display_name: 'Streamlit Notebook', name: 'streamlit' } }, cells });
    const udf = 'CREATE OR REPLACE FUNCTION to_html(payload VARCHAR)\nRETURNS VARCHAR\nLANGUAGE PYTHON\nHANDLER = \'render\'\nAS\n$$\nimport json\ndef render(payload):\n    return json.loads(payload)\n$$;';
    const mixed = parseIpynb(notebook([cell('python', 'import pandas as pd\nsession = get_active_session()'), cell('sql', udf), cell('sql', '%%sql -r by_day\nSELECT day, COUNT(*) FROM events GROUP BY day'), cell('python', 'by_day.head()')]));
    assert.ok('notebook' in mixed);
    assert.deepEqual(mixed.notebook.cells.map((c) => [c.kind, c.language]), [['code', 'python'], ['raw', 'sql'], ['code', 'sql'], ['code', 'python']]);
    const findings = await analyze(mixed.notebook, { select: ['NB107', 'NB108', 'NB002'] });
    assert.deepEqual(findings.map((f) => `${f.code}:${f.cell}`), ['NB107:2']);
    const sqlOnly = parseIpynb(notebook([cell('sql', 'SELECT CURRENT_ROLE();'), cell('sql', udf)]));
    assert.ok('notebook' in sqlOnly);
    assert.deepEqual((await analyze(sqlOnly.notebook)).map((f) => [f.code, f.message.slice(0, 30)]), [['NB002', 'This notebook runs SQL, not Py']]);
    // A cell whose metadata names no language runs the kernel's: one such Python cell keeps the notebook Python.
    const partly = parseIpynb(notebook([cell('sql', 'SELECT 1;'), { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: 'print(total)' }]));
    assert.ok('notebook' in partly);
    assert.deepEqual((await analyze(partly.notebook, WITH_NB102)).map((f) => f.code), ['NB102']);
  });

  // holdout19: a SageMath course's notebooks (kernel "sagemath", language "" or "sage") plot Sage's predefined
  // symbolic `x` and its `line` primitive long before a later exercise binds its own `x`; Run All works there.
  it('reads a SageMath notebook as Python, with the names the Sage kernel defines', async () => {
    const sage = { kernelspec: { name: 'sagemath', display_name: 'SageMath 8.4', language: '' }, language_info: { name: 'python', version: '2.7.15' } };
    const cells = [
      code('f = x^2 * exp(-x)\nplot(f, x, 0, 10) + line([(1, 0), (1, 1)])', 1),
      code('waits = np.array([8, 3, 7])\nwaits.mean()', 2),
      code('import numpy as np\nx = np.linspace(0, 1, 5)\nline = x * 2', 3),
    ];
    const findings = await analyze({ cells, metadata: sage }, { select: ['NB101', 'NB002'] });
    assert.deepEqual(findings.map((f) => [f.code, f.cell, f.message.slice(0, 5)]), [['NB101', 1, '`np` ']]);
    const saveAsSage = { kernelspec: { name: 'sagemath', display_name: 'SageMath 9.2', language: 'sage' } };
    assert.deepEqual((await analyze({ cells, metadata: saveAsSage }, { select: ['NB101', 'NB002'] })).map((f) => [f.code, f.cell]), [['NB101', 1]]);
    // The same cells under a Python kernel: `x` and `line` are read before cell 2 binds them.
    const python = await analyze({ cells, metadata: metadataOf('python', 'python3') }, { select: ['NB101'] });
    assert.deepEqual(python.map((f) => f.message.slice(0, 6)).sort(), ['`line`', '`np` i', '`x` is']);
  });

  it('treats percent scripts as Python', async () => {
    const findings = await analyze(parsePercentScript('# %%\nprint(total)\n'), WITH_NB102);
    assert.deepEqual(findings.map((f) => f.code), ['NB102']);
  });
});
