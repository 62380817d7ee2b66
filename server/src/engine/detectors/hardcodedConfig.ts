// NB205: values production changes without a code change: model identifiers,
// prompt templates, decision thresholds, split ratios, seeds, hyperparameters.
import type { NumberLiteral, StringLiteral } from '../cellSummary';
import { memoByObject, memoByObjectAnd } from './memo';

export const DEFAULT_CONFIG_KEYWORDS = [
  'test_size', 'train_size', 'val_size', 'validation_split', 'random_state', 'seed', 'random_seed',
  'learning_rate', 'lr', 'eta', 'n_estimators', 'max_depth', 'min_samples_leaf', 'min_samples_split',
  'num_leaves', 'max_leaves', 'subsample', 'colsample_bytree', 'reg_alpha', 'reg_lambda', 'alpha',
  'max_iter', 'n_neighbors', 'n_clusters', 'n_components', 'epochs', 'num_epochs', 'batch_size',
  'dropout', 'weight_decay', 'momentum', 'hidden_size', 'num_layers', 'patience',
  'temperature', 'max_tokens', 'max_new_tokens', 'max_output_tokens', 'top_p', 'top_k', 'frequency_penalty', 'presence_penalty',
];

const LLM_MODEL = /^(?:gpt-[\w.-]+|o[134](?:-[\w.-]+)?|chatgpt-[\w.-]+|claude-[\w.-]+|gemini-[\w.-]+|text-embedding-[\w.-]+|text-davinci-[\w.-]+|mistral-[\w.-]+|mixtral-[\w.-]+|codestral-[\w.-]+|llama-?[\d][\w.-]*|command-r[\w.-]*|anthropic\.claude[\w.:-]+|amazon\.titan[\w.:-]+|meta\.llama[\w.:-]+|models\/gemini[\w.-]+)$/i;
const HF_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;
const MODEL_LOADERS = /(?:^|\.)(?:from_pretrained|pipeline|SentenceTransformer|AutoModel\w*|AutoTokenizer|hf_hub_download|snapshot_download|load_model)$/;
const MODEL_NAMES = /^(?:model|model_name|model_id|model_name_or_path|checkpoint|pretrained_model_name_or_path|repo_id|deployment_name|engine|embedding_model|llm_model)$/i;
const PROMPT_NAMES = /prompt|template|instruction|system|content|preamble/i;
const SCORE_NAMES = /score|prob|proba|probability|pred|prediction|confidence|likelihood|threshold|similarity|distance|logit/i;

/** Plotting calls share keyword names with ML APIs (`alpha` is transparency there). */
const PLOTTING = /^(?:plt|ax|axs|axes|fig|sns|px|go|alt)\.|(?:^|\.)(?:plot|scatter|hist|bar|barh|fill_between|imshow|axhline|axvline|errorbar|boxplot|violinplot|pie|contourf?|heatmap|\w+plot)$/;

export interface ConfigFinding {
  what: string;
  /** A key for the configuration file, from the context. */
  key?: string;
}

export const classifyConfigString = memoByObject(classifyString);

function classifyString(literal: StringLiteral): ConfigFinding | undefined {
  const { target, keyword, callee, argIndex } = literal.context;
  const v = literal.value;
  const named = keyword ?? target;
  if (LLM_MODEL.test(v) && (named === undefined || MODEL_NAMES.test(named) || callee !== undefined)) {
    return { what: `the model identifier "${v}"`, key: named ?? 'model' };
  }
  if (HF_ID.test(v) && !v.includes('..') && ((callee !== undefined && MODEL_LOADERS.test(callee) && (argIndex === 0 || (keyword !== undefined && MODEL_NAMES.test(keyword)))) || (named !== undefined && MODEL_NAMES.test(named)))) {
    return { what: `the model identifier "${v}"`, key: named ?? 'model' };
  }
  const lines = v.split(/\\n|\n/).length;
  if ((v.length >= 200 || (lines >= 4 && v.length >= 80)) && named !== undefined && PROMPT_NAMES.test(named)) {
    return { what: `a ${v.length}-character prompt template`, key: named };
  }
  return undefined;
}

export const classifyConfigNumber = memoByObjectAnd(classifyNumber);

function classifyNumber(literal: NumberLiteral, keywords: readonly string[]): ConfigFinding | undefined {
  if (literal.comparedWith !== undefined) {
    const value = Number(literal.text);
    if (SCORE_NAMES.test(literal.comparedWith) && value > 0 && value < 1000) {
      return { what: `the decision threshold ${literal.text} on \`${literal.comparedWith}\``, key: 'threshold' };
    }
    return undefined;
  }
  const keyword = literal.context.keyword;
  const callee = literal.context.callee;
  if (callee !== undefined && PLOTTING.test(callee)) return undefined;
  if (keyword !== undefined && keywords.includes(keyword)) return { what: `\`${keyword}=${literal.text}\``, key: keyword };
  return undefined;
}
