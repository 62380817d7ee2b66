import { isPreprocessing } from '../../knowledge/preprocessing';
import type { CellInput, Range, RelatedLocation } from '../../types';
import { isProjectCode } from '../../project/model';
import type { Rule } from '../rule';

/** Calls that run a model or an LLM: scikit-learn style fit/predict, Hugging Face, OpenAI, Anthropic, Gemini, Bedrock, LangChain, LlamaIndex. */
const MODEL_CALL = new RegExp([
  String.raw`\.(?:fit|fit_predict|predict|predict_proba|generate|generate_content|invoke_model|converse)\s*\(`,
  String.raw`\bpipeline\s*\(`,
  String.raw`\.(?:chat\.)?completions\.create\s*\(`,
  String.raw`\.(?:responses|messages)\.create\s*\(`,
  String.raw`\b(?:chain|llm|agent|model|qa|rag)\w*\.invoke\s*\(`,
  String.raw`\bquery_engine\.query\s*\(`,
].join('|'), 'g');

/** A cell whose body the kernel does not run as Python here: `%%writefile task.py` (a file for elsewhere), `%%bash`, `%%sql`. */
const OTHER_LANGUAGE_CELL = /^\s*%%(?!time\b|timeit\b|capture\b|prun\b)\w/;

/** `x = StandardScaler(...)` anywhere in the notebook: the class each variable is built from. */
function constructors(cells: readonly CellInput[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(/^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_][\w.]*)\s*\(/gm)) out.set(m[1], m[2]);
  }
  return out;
}

function modelCalls(source: string, built: Map<string, string>): Range[] {
  const out: Range[] = [];
  source.split('\n').forEach((text, line) => {
    const code = text.replace(/#.*$/, '');
    // A decorator (`@dsl.pipeline(`) or a definition (`def pipeline(`) declares, it does not call a model.
    if (/^\s*(?:#|@|(?:async\s+)?def\s|class\s)/.test(code)) return;
    for (const m of code.matchAll(MODEL_CALL)) {
      const at = m.index ?? 0;
      // `WordCloud(...).generate(text)` draws a picture; it runs no model.
      if (m[0].startsWith('.generate') && /WordCloud\s*\(/.test(source)) continue;
      if (m[0].startsWith('.fit')) {
        // `scaler.fit(X)`, `StandardScaler().fit(X)`: a transformation, not a model.
        const receiver = /([A-Za-z_][\w.]*)(\([^()]*\))?$/.exec(code.slice(0, at));
        if (receiver && isPreprocessing(receiver[1], receiver[2] ? receiver[1] : built.get(receiver[1]))) continue;
      }
      out.push({ start: { line, character: at + (m[0].startsWith('.') ? 1 : 0) }, end: { line, character: at + m[0].length - 1 } });
    }
  });
  return out;
}

/** NB304: a model is called, and the project has no evaluation cases to check it against. Once per notebook. */
export const modelWithoutEvals: Rule = {
  code: 'NB304',
  name: 'model-without-evals',
  defaultSeverity: 'warning',
  // Under 95 %% on fresh public repositories (docs/precision.md, holdout2): on only when selected.
  optIn: true,
  check({ codeCells, cells, project, path }) {
    if (!project?.isProject || project.evalCases > 0 || isProjectCode(project, path)) return [];
    const built = constructors(cells);
    const places = codeCells.filter((c) => !OTHER_LANGUAGE_CELL.test(cells[c.index].source)).flatMap((c) => modelCalls(cells[c.index].source, built).slice(0, 1).map((range) => ({ cell: c.index, range })));
    if (places.length === 0) return [];
    const [first, ...others] = places;
    const related: RelatedLocation[] = others.map((p) => ({ ...p, message: 'a model is called here too' }));
    return [{ ...first, related, message: `This notebook runs a model${places.length > 1 ? ` (in ${places.length} cells)` : ''}, and the project has no evaluation cases in evals/: nothing checks its outputs. Add cases to evals/, for example evals/cases.jsonl with one JSON object per line.` }];
  },
};
