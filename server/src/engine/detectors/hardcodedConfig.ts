// NB205: values production changes without a code change: model identifiers,
// decision thresholds, split ratios, seeds, hyperparameters (prompts are NB506).
import type { NumberLiteral, StringLiteral } from '../cellSummary';
import type { CallFact } from '../mlFacts';
import { modelFamily } from '../knowledge/modelIds';
import { memoByObject, memoByObjectAnd } from './memo';

export const DEFAULT_CONFIG_KEYWORDS = [
  'test_size', 'train_size', 'val_size', 'validation_split', 'random_state', 'seed', 'random_seed',
  'learning_rate', 'lr', 'eta', 'n_estimators', 'max_depth', 'min_samples_leaf', 'min_samples_split',
  'num_leaves', 'max_leaves', 'subsample', 'colsample_bytree', 'reg_alpha', 'reg_lambda', 'alpha',
  'max_iter', 'n_neighbors', 'n_clusters', 'n_components', 'epochs', 'num_epochs', 'batch_size',
  'dropout', 'weight_decay', 'momentum', 'hidden_size', 'num_layers', 'patience',
  'temperature', 'max_tokens', 'max_new_tokens', 'max_output_tokens', 'top_p', 'top_k', 'frequency_penalty', 'presence_penalty',
];

/** `org/name`, a Hugging Face Hub id. */
const HF_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;
/** Calls whose first argument is a model id: `AutoModel.from_pretrained("org/m")`, `GenerativeModel("gemini-…")`. */
const MODEL_LOADERS = /(?:^|\.)(?:from_pretrained|pipeline|SentenceTransformer|CrossEncoder|AutoModel\w*|AutoTokenizer|hf_hub_download|snapshot_download|load_model|GenerativeModel|ChatOpenAI|ChatAnthropic|ChatVertexAI|ChatGoogleGenerativeAI|ChatBedrock\w*|init_chat_model|VertexAI)$/;
/** Keywords whose value is a model id (`model=`, `model_id=`, `pretrained_model_name_or_path=`). */
const MODEL_KEYWORDS = /^(?:model|model_id|model_name|modelId|model_name_or_path|pretrained_model_name_or_path|base_model|base_model_id|embedding_model|embedding_model_name|llm_model|judge_model|deployment_name|engine|repo_id)$/;
/** Variables that hold a model id, in any case style: `MODEL_ID`, `modelId`, `model_name`, `GEMINI_MODEL`, `embedding_model`. */
const MODEL_VARIABLE = /^(?:\w+_)?(?:model|llm)(?:_(?:id|name|version))?$/;
const SCORE_NAMES = /score|prob|proba|probability|pred|prediction|confidence|likelihood|threshold|similarity|distance|logit/i;

/** Plotting calls share keyword names with ML APIs (`alpha` is transparency there): a plotting module or an axes
 * object (`ax`, `ax1`, `axis`, `axes[0]`, a book's `thinkplot`) as the receiver, a drawing method (`grid`, `legend`,
 * `annotate` …), or a graph drawing's layout (`nx.spring_layout(G, seed=42)`, holdout16). */
const PLOTTING = /^(?:plt|ax\w*|axs|axes|axis|fig\w*|sns|px|go|alt|[a-z]*plot\w*)(?:\[[^\]]*\])?\.|\.(?:ax|ax_\w+|axes)(?:\[[^\]]*\])?\.\w+$|^(?:nx|networkx)\.(?:draw\w*|\w+_layout)$|(?:^|\.)(?:draw_networkx\w*|plot|scatter|hist|bar|barh|fill_between|fill_betweenx|imshow|matshow|pcolormesh|axhline|axvline|axhspan|axvspan|hlines|vlines|errorbar|boxplot|violinplot|pie|contourf?|heatmap|hexbin|stem|step|stackplot|grid|legend|annotate|\w+plot)$/;

/** scikit-learn's generators of synthetic datasets (`sklearn.datasets.make_*`). */
export const SYNTHETIC_DATA = /(?:^|\.)make_(?:blobs|classification|regression|moons|circles|friedman[123]|gaussian_quantiles|hastie_10_2|multilabel_classification|s_curve|swiss_roll|low_rank_matrix|sparse_uncorrelated|sparse_coded_signal|sparse_spd_matrix|spd_matrix|biclusters|checkerboard)$/;

/** Client-side batching of database and vector-store writes. */
const CLIENT_BATCHING = /(?:^|\.)batch\.\w+$|(?:^|\.)(?:upload_points|upload_collection|upsert|add_texts|add_documents|from_documents|from_texts|insert_many)$/;

export interface ConfigFinding {
  what: string;
  /** A key for the configuration file, from the context. */
  key?: string;
  /** One fact, reported once per notebook: the same model id, the same threshold, the keyword literals. */
  group: string;
}

export const classifyConfigString = memoByObject(classifyString);

function classifyString(literal: StringLiteral): ConfigFinding | undefined {
  const { target, keyword, compared, suffix, probe } = literal.context;
  // `if "llama-4" in MODEL_ID` tests a model id, it does not choose one.
  if (compared || suffix || probe) return undefined;
  // `config_list_from_json("OAI_CONFIG_LIST", filter_dict={"model": [...]})`: the models are configured in that list, these only pick from it.
  if (literal.context.selects) return undefined;
  const v = literal.value;
  const named = keyword ?? target;
  if (isModelArgument(literal) && !v.includes('{…}') && !/your[-_]/i.test(v) && (modelFamily(v) !== undefined || (HF_ID.test(v) && !v.includes('..')))) {
    return { what: `the model identifier "${v}"`, key: named ?? 'model', group: `model:${v}` };
  }
  // Prompts are NB506's (inline-prompt): one rule per fact.
  return undefined;
}

/** Where a string is used as a model: a model keyword, a loader's first argument, or a model-id variable. */
function isModelArgument(literal: StringLiteral): boolean {
  const { target, keyword, callee, argIndex } = literal.context;
  if (keyword !== undefined) return MODEL_KEYWORDS.test(keyword) && (keyword !== 'repo_id' || (callee !== undefined && MODEL_LOADERS.test(callee)));
  if (callee !== undefined) return argIndex === 0 && MODEL_LOADERS.test(callee);
  return target !== undefined && MODEL_VARIABLE.test(snakeCase(target));
}

/** `modelId` → `model_id`, `MODEL_ID` → `model_id`. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * `abs(predicted - baseline) <= 0.05`, `abs(score - 1.0) < 1e-6`: how close two values are, a numerical
 * tolerance of a check, not a threshold that decides on a score (holdout11 label).
 */
function isTolerance(compared: string): boolean {
  const m = /^(?:(?:np|numpy|math|torch|jnp)\.)?f?abs\(/.exec(compared);
  if (!m) return false;
  let depth = 1;
  let i = m[0].length;
  for (; i < compared.length && depth > 0; i++) depth += compared[i] === '(' ? 1 : compared[i] === ')' ? -1 : 0;
  const inner = compared.slice(m[0].length, i - 1);
  const rest = compared.slice(i).trim();
  // The difference itself, or relative to a size (`abs(a - b) / abs(a)`).
  return depth === 0 && /[\w\])]\s*-\s*[\w(.]/.test(inner) && (rest === '' || /^\//.test(rest));
}

export const classifyConfigNumber = memoByObjectAnd(classifyNumber);

function classifyNumber(literal: NumberLiteral, keywords: readonly string[]): ConfigFinding | undefined {
  if (literal.comparedWith !== undefined) {
    if (literal.inCheck) return undefined;
    const value = Number(literal.text);
    // `score == 1.0` asks for a perfect score; only an ordering (`>`, `<=`) is a threshold.
    if (SCORE_NAMES.test(literal.comparedWith) && value > 0 && value < 1000 && /^[<>]=?$/.test(literal.operator ?? '') && !isTolerance(literal.comparedWith)) {
      return { what: `the decision threshold ${literal.text} on \`${literal.comparedWith}\``, key: 'threshold', group: `threshold:${literal.comparedWith}:${literal.text}` };
    }
    return undefined;
  }
  const keyword = literal.context.keyword;
  const callee = literal.context.callee;
  if (callee !== undefined && PLOTTING.test(callee)) return undefined;
  // `make_blobs(n_samples=50, centers=3, random_state=10)`: the definition of a synthetic dataset; production reads its data (holdout17).
  if (callee !== undefined && SYNTHETIC_DATA.test(callee)) return undefined;
  // t-SNE has no transform for new data: it only draws (holdout16: `TSNE(perplexity=10, random_state=42)` for a scatter).
  if (callee !== undefined && /(?:^|\.)TSNE$/.test(callee)) return undefined;
  // `ax.text(x, y, label, bbox=dict(alpha=0.7))`: a plotting call's setting, given through a dict.
  if (literal.context.within !== undefined && PLOTTING.test(literal.context.within)) return undefined;
  // `options = dict(marker='o', linewidth=0, alpha=0.3)`, then `.plot(**options)`: transparency of a drawing (holdout16).
  if (literal.context.plotOptions) return undefined;
  // `get_batches(list(range(20)), batch_size=4)` shows what a helper does on toy data: a demo, not a setting.
  if (literal.context.toyData) return undefined;
  // `n_estimators=n_trees * 2`: the value is derived from `n_trees`; the 2 is a factor, not a setting.
  if (literal.context.factor) return undefined;
  // A vector database's upload chunk (`collection.batch.fixed_size(batch_size=100)`) is not a model's batch size.
  if (keyword === 'batch_size' && callee !== undefined && CLIENT_BATCHING.test(callee)) return undefined;
  if (keyword !== undefined && keywords.includes(keyword)) return { what: `\`${keyword}=${literal.text}\``, key: keyword, group: 'keywords' };
  return undefined;
}

/** Projections whose output is plotted: TSNE and UMAP are made for it; PCA and the others when the cell draws. */
const VIEW_PROJECTIONS = /(?:^|\.)(?:TSNE|UMAP)$/;
const PROJECTIONS = /(?:^|\.)(?:PCA|IncrementalPCA|KernelPCA|TruncatedSVD|MDS|Isomap|LocallyLinearEmbedding|SpectralEmbedding)$/;

/**
 * `PCA(n_components=2)` whose result is drawn as x and y: 2 (or 3) is set by the plot, not by configuration.
 * `calls` are the calls of the literal's cell.
 */
export function isPlotDimension(literal: NumberLiteral, calls: readonly CallFact[]): boolean {
  const callee = literal.context.callee;
  if (literal.context.keyword !== 'n_components' || (literal.text !== '2' && literal.text !== '3') || callee === undefined) return false;
  if (VIEW_PROJECTIONS.test(callee)) return true;
  return PROJECTIONS.test(callee) && calls.some((call) => PLOTTING.test(call.callee) && !/(?:^|\.)(?:grid|legend)$/.test(call.callee));
}
