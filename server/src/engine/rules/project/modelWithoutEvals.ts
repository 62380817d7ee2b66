import type { Range } from '../../types';
import type { Rule, RuleFinding } from '../rule';

/** Calls that run a model or an LLM: scikit-learn style fit/predict, Hugging Face, OpenAI, Anthropic, Gemini, Bedrock, LangChain, LlamaIndex. */
const MODEL_CALL = new RegExp([
  String.raw`\.(?:fit|fit_predict|predict|predict_proba|generate|generate_content|invoke_model|converse)\s*\(`,
  String.raw`\bpipeline\s*\(`,
  String.raw`\.(?:chat\.)?completions\.create\s*\(`,
  String.raw`\.(?:responses|messages)\.create\s*\(`,
  String.raw`\b(?:chain|llm|agent|model|qa|rag)\w*\.invoke\s*\(`,
  String.raw`\bquery_engine\.query\s*\(`,
].join('|'));

function firstMatch(source: string): Range | undefined {
  const lines = source.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    if (/^\s*#/.test(text)) continue;
    const m = MODEL_CALL.exec(text);
    if (m) return { start: { line, character: m.index + (m[0].startsWith('.') ? 1 : 0) }, end: { line, character: m.index + m[0].length - 1 } };
  }
  return undefined;
}

/** NB304: a model is called, and the project has no evaluation cases to check it against. */
export const modelWithoutEvals: Rule = {
  code: 'NB304',
  name: 'model-without-evals',
  defaultSeverity: 'warning',
  check({ codeCells, cells, project }) {
    if (!project || project.evalCases > 0) return [];
    const findings: RuleFinding[] = [];
    for (const c of codeCells) {
      const range = firstMatch(cells[c.index].source);
      if (range) findings.push({ cell: c.index, range, message: 'This cell runs a model, and the project has no evaluation cases in evals/: nothing checks its outputs. Add cases to evals/, for example evals/cases.jsonl with one JSON object per line.' });
    }
    return findings;
  },
};
