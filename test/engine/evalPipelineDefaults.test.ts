// Eval cases (ev18): a Hugging Face pipeline made without a model (`pipeline("sentiment-analysis")`, 170 cases over
// seen and the holdouts recorded `model: null`) records the model it loaded: the one its cell's saved warning names
// (`No model was supplied, defaulted to … and revision …`), else its task's default (PIPELINE_DEFAULT_MODELS).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PIPELINE_DEFAULT_MODELS, pipelineDefaultModel } from '../../server/src/engine/knowledge/hfPipelineDefaults';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

// transformers' SUPPORTED_TASKS defaults (PyTorch), written out here.
const EXPECTED: Record<string, string> = {
  'text-classification': 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  'sentiment-analysis': 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  'token-classification': 'dbmdz/bert-large-cased-finetuned-conll03-english',
  ner: 'dbmdz/bert-large-cased-finetuned-conll03-english',
  'question-answering': 'distilbert/distilbert-base-cased-distilled-squad',
  'fill-mask': 'distilbert/distilroberta-base',
  summarization: 'sshleifer/distilbart-cnn-12-6',
  'text2text-generation': 'google-t5/t5-base',
  'text-generation': 'openai-community/gpt2',
  'zero-shot-classification': 'facebook/bart-large-mnli',
  translation_en_to_fr: 'google-t5/t5-base',
  translation_en_to_de: 'google-t5/t5-base',
  translation_en_to_ro: 'google-t5/t5-base',
};

const returned = (source: string, result: string, outputs: string[] = []): CellInput => ({ ...code(source, 1), result, outputs, stdout: '' });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/hf.ipynb', 'c2');
};
const WARNING = 'No model was supplied, defaulted to distilbert-base-uncased-finetuned-sst-2-english and revision af0f99b (https://huggingface.co/distilbert-base-uncased-finetuned-sst-2-english).\nUsing a pipeline without specifying a model name and revision in production is not recommended.\n';

describe('PIPELINE_DEFAULT_MODELS: each task\'s default model', () => {
  it('lists exactly the tasks written out here', () => {
    assert.deepEqual(Object.keys(PIPELINE_DEFAULT_MODELS).sort(), Object.keys(EXPECTED).sort());
  });
  for (const [task, model] of Object.entries(EXPECTED)) {
    it(`${task} → ${model}`, () => assert.equal(pipelineDefaultModel(task, []), model));
  }
  it('has no default for another translation pair', () => assert.equal(pipelineDefaultModel('translation_fr_to_en', []), undefined));
});

describe('eval cases: a pipeline made without a model', () => {
  it('records the task\'s default model', async () => {
    const p = await plan([
      code('from transformers import pipeline\nsummarizer = pipeline("summarization")', 0),
      returned('summarizer("The council met on Tuesday and voted to repave Main Street before the winter, citing the number of complaints about potholes.")', "[{'summary_text': ' The council voted to repave Main Street before the winter .'}]"),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].model, 'sshleifer/distilbart-cnn-12-6');
  });

  it('records the model the saved warning names (what that run loaded)', async () => {
    const p = await plan([
      { ...code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis")', 0), outputs: [WARNING] },
      returned('classifier("The soup was cold and the waiter ignored us.")', "[{'label': 'NEGATIVE', 'score': 0.9994}]"),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].model, 'distilbert-base-uncased-finetuned-sst-2-english');
  });

  it('takes the table, not a warning, when the cell made several pipelines without a model', async () => {
    const other = WARNING.replace(/distilbert-base-uncased-finetuned-sst-2-english/g, 'sshleifer/distilbart-cnn-12-6');
    const p = await plan([
      { ...code('from transformers import pipeline\nsummarizer = pipeline("summarization")\nclassifier = pipeline("sentiment-analysis")', 0), outputs: [other, WARNING] },
      returned('classifier("The soup was cold and the waiter ignored us.")', "[{'label': 'NEGATIVE', 'score': 0.9994}]"),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].model, 'distilbert/distilbert-base-uncased-finetuned-sst-2-english');
  });

  it('records a model given second, positionally, not the default', async () => {
    const p = await plan([
      code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis", "nlptown/bert-base-multilingual-uncased-sentiment")', 0),
      returned('classifier("The soup was cold and the waiter ignored us.")', "[{'label': '1 star', 'score': 0.71}]"),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].model, 'nlptown/bert-base-multilingual-uncased-sentiment');
  });

  it('refuses a TensorFlow pipeline without a model whose run did not say which it loaded', async () => {
    const p = await plan([
      code('from transformers import pipeline\nsummarizer = pipeline("summarization", framework="tf")', 0),
      returned('summarizer("The council met on Tuesday and voted to repave Main Street before the winter, citing the number of complaints about potholes.")', "[{'summary_text': 'The council voted to repave Main Street before the winter.'}]"),
    ]);
    assert.ok('refused' in p && p.modelCall && /TensorFlow/.test(p.refused), JSON.stringify(p));
  });
});
