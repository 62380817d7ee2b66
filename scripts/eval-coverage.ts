// Counts, over a folder of notebooks, the cells that call a language model and
// have a saved answer, and how many of them get "Add as eval case" (and why not).
// Usage: npx esbuild scripts/eval-coverage.ts --bundle --platform=node --format=cjs \
//   --alias:web-tree-sitter=./node_modules/web-tree-sitter/web-tree-sitter.cjs --outfile=/tmp/eval-coverage.js
// && node /tmp/eval-coverage.js <dist-dir> <folder>... [--cases out.jsonl] [--refused out.jsonl]
// (--refused writes each model-calling cell with a saved answer that gets no case, with the reason;
// `extractable` counts the offered cells where "Extract the model call to a function" is offered too;
// a cell that asks the model several times can write several cases: `casesWritten` counts them all).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planCallExtraction } from '../server/src/engine/evals/extractCall';
import { planLlmEvalCases } from '../server/src/engine/evals/plan';
import { parseIpynb } from '../server/src/engine/ipynb';
import { loadPythonParser, defaultWasmDir } from '../server/src/engine/parser';
import { topLevelStatements } from '../server/src/engine/statements';

function* notebooks(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* notebooks(p);
    else if (e.name.endsWith('.ipynb')) yield p;
  }
}

async function main() {
  const [dist, ...rest] = process.argv.slice(2);
  const option = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
  const casesFile = option('--cases');
  const refusedFile = option('--refused');
  const folders = rest.filter((a, k) => !a.startsWith('--') && !rest[k - 1]?.startsWith('--'));
  const parser = await loadPythonParser(defaultWasmDir(dist));
  const statements = (s: string) => topLevelStatements(parser, s);
  const reasons = new Map<string, number>();
  let calling = 0, withAnswer = 0, offered = 0, extractable = 0, nbs = 0, severalCells = 0;
  const cases: string[] = [];
  const refused: string[] = [];
  for (const folder of folders) {
    for (const file of notebooks(folder)) {
      const loaded = parseIpynb(fs.readFileSync(file, 'utf8'));
      if ('error' in loaded) continue;
      nbs++;
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells?: { id?: string }[] };
      loaded.notebook.cells.forEach((cell, i) => {
        if (cell.kind !== 'code') return;
        const plan = planLlmEvalCases(loaded.notebook.cells, i, statements, path.relative(folder, file), raw.cells?.[i]?.id);
        if ('refused' in plan && !plan.modelCall) return;
        calling++;
        const hasOutput = (cell.outputs?.length ?? 0) > 0 || cell.result !== undefined;
        if (!hasOutput) return;
        if ('refused' in plan && /^the saved output is an error/.test(plan.refused)) return; // an error is no saved answer (not one answer of several that reads like one)
        withAnswer++;
        if ('refused' in plan) refused.push(JSON.stringify({ file, cell: i, reason: plan.refused }));
        if ('refused' in plan) reasons.set(plan.refused.replace(/`.*`/, '`…`'), (reasons.get(plan.refused.replace(/`.*`/, '`…`')) ?? 0) + 1);
        else {
          offered++;
          if (plan.cases.length > 1) severalCells++;
          // "Extract the model call to a function" on the same cell (the case then targets `answer`).
          const extraction = planCallExtraction({ cells: loaded.notebook.cells, cell: i, statements, packageName: 'pkg', moduleName: 'nb_model', notebook: path.relative(folder, file) });
          if (!('refused' in extraction)) extractable++;
          // A cell that asks several times writes one case per call.
          for (const c of plan.cases) cases.push(JSON.stringify({ file, cell: i, extractable: !('refused' in extraction), ...(plan.cases.length > 1 ? { several: plan.cases.length } : {}), ...c }));
        }

      });
    }
  }
  console.log(JSON.stringify({ notebooks: nbs, modelCallingCells: calling, withSavedAnswer: withAnswer, offered, rate: offered / withAnswer, extractable, casesWritten: cases.length, cellsWithSeveralCases: severalCells, reasons: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])) }, null, 1));
  if (casesFile) fs.writeFileSync(casesFile, cases.join('\n') + '\n');
  if (refusedFile) fs.writeFileSync(refusedFile, refused.join('\n') + '\n');
}
void main();
