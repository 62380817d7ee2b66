// What the NB5xx rules know about libraries, as data: which calls draw random
// numbers unless seeded, which calls wait on the network and for how long by
// default. Names are fully qualified as the imports resolve them
// (`sklearn.model_selection.train_test_split`); a rule matches a call only when
// the notebook's own imports resolve it there, never by a bare name alone.

/** A scikit-learn API whose result changes from run to run unless `random_state` is set. */
export interface RandomStateApi {
  /** Qualified name as imported: module path + name. */
  qualified: string;
  /** Only random when this keyword is passed as `True` (e.g. `KFold(shuffle=True)`). */
  onlyWith?: string;
  /** What varies between runs, with its verb, for the message. */
  varies: string;
  /** Deterministic after all when this keyword's value (as written) matches: `shuffle=False`, an explicit `init` array. */
  deterministicWith?: { keyword: string; value: RegExp };
  /** What varies instead when one of these keywords is passed with a value its default does not match (`subsample=0.8`). */
  samplesWith?: { keywords: readonly string[]; defaultValue: RegExp; varies: string };
}

const SPLIT = 'which rows land in the test set changes';
const MODEL = 'the trained model changes';
const DATA = 'the generated data changes';

function sk(module: string, names: string, varies: string, onlyWith?: string, deterministicWith?: RandomStateApi['deterministicWith']): RandomStateApi[] {
  return names.split(/\s+/).filter(Boolean).map((name) => ({ qualified: `sklearn.${module}.${name}`, varies, onlyWith, deterministicWith }));
}

const NO_SHUFFLE = { keyword: 'shuffle', value: /^False$/ };
/** An `init` that is not a method name (`'k-means++'`, `'random'`) is given centres: nothing random left. */
const GIVEN_CENTRES = { keyword: 'init', value: /^[^'"]/ };

/**
 * Only APIs whose default is random: `LogisticRegression` (lbfgs), `PCA`
 * (auto solver on small data), `HistGradientBoosting*` (no early stopping on
 * small data) and XGBoost/LightGBM/CatBoost (fixed default seeds) are left out
 * because with their defaults a second run gives the same result.
 */
export const RANDOM_STATE_APIS: readonly RandomStateApi[] = [
  ...sk('model_selection', 'train_test_split', SPLIT, undefined, NO_SHUFFLE),
  ...sk('model_selection', 'ShuffleSplit StratifiedShuffleSplit GroupShuffleSplit RepeatedKFold RepeatedStratifiedKFold', 'the folds change'),
  ...sk('model_selection', 'KFold StratifiedKFold', 'the folds change', 'shuffle'),
  ...sk('model_selection', 'RandomizedSearchCV', 'the parameters tried change'),
  ...sk('ensemble', 'RandomForestClassifier RandomForestRegressor ExtraTreesClassifier ExtraTreesRegressor BaggingClassifier BaggingRegressor AdaBoostClassifier AdaBoostRegressor IsolationForest', MODEL),
  // With the default `subsample=1.0` and `max_features=None` gradient boosting draws no sample: as in a
  // decision tree, only ties between equally good splits are broken at random (holdout11 label).
  ...sk('ensemble', 'GradientBoostingClassifier GradientBoostingRegressor', 'ties between equally good splits are broken at random (the default `subsample=1.0` draws no sample), so the model can change')
    .map((api) => ({ ...api, samplesWith: { keywords: ['subsample', 'max_features'], defaultValue: /^(?:1(?:\.0*)?|None)$/, varies: MODEL } })),
  ...sk('tree', 'DecisionTreeClassifier DecisionTreeRegressor', 'ties between equally good splits are broken at random, so the tree can change'),
  ...sk('tree', 'ExtraTreeClassifier ExtraTreeRegressor', MODEL),
  ...sk('cluster', 'KMeans MiniBatchKMeans BisectingKMeans', 'the clusters change', undefined, GIVEN_CENTRES),
  ...sk('neural_network', 'MLPClassifier MLPRegressor', MODEL),
  ...sk('linear_model', 'SGDClassifier SGDRegressor Perceptron', MODEL),
  ...sk('manifold', 'TSNE', 'the embedding changes'),
  ...sk('decomposition', 'TruncatedSVD FastICA LatentDirichletAllocation', 'the components change'),
  ...sk('mixture', 'GaussianMixture BayesianGaussianMixture', 'the mixture changes'),
  ...sk('datasets', 'make_classification make_regression make_blobs make_moons make_circles', DATA),
  ...sk('utils', 'shuffle', 'the order of the rows changes'),
  ...sk('utils', 'resample', 'the sample drawn changes', undefined, { keyword: 'replace', value: /^False$/ }),
];

/** Calls that seed a training framework's randomness (any one of them counts). */
export const FRAMEWORK_SEEDS: ReadonlySet<string> = new Set([
  'torch.manual_seed', 'torch.cuda.manual_seed_all', 'torch.random.manual_seed',
  'transformers.set_seed', 'accelerate.utils.set_seed', 'lightning.seed_everything', 'pytorch_lightning.seed_everything',
  'lightning.pytorch.seed_everything', 'tensorflow.random.set_seed', 'tensorflow.keras.utils.set_random_seed',
  'keras.utils.set_random_seed', 'tf_keras.utils.set_random_seed',
  // MONAI seeds torch, numpy and random in one call.
  'monai.utils.set_determinism',
  // ClearML's Task.init seeds random, numpy and an imported torch or TensorFlow with the task's seed (1337 unless the
  // notebook sets another: clearml/task.py, make_deterministic), holdout18's ClearML tutorials.
  'clearml.Task.init',
]);

/**
 * Framework seed calls that seed NumPy's global generator too, which scikit-learn draws from
 * without `random_state` (each library's documentation says it seeds `random`, `numpy` and its own).
 */
export const NUMPY_SEEDING_CALLS: ReadonlySet<string> = new Set([
  'numpy.random.seed',
  'transformers.set_seed', 'accelerate.utils.set_seed',
  'lightning.seed_everything', 'pytorch_lightning.seed_everything', 'lightning.pytorch.seed_everything',
  'keras.utils.set_random_seed', 'tensorflow.keras.utils.set_random_seed', 'tf_keras.utils.set_random_seed',
  'monai.utils.set_determinism', 'clearml.Task.init',
]);

/**
 * Wall-clock reads a notebook times code with. A PyTorch cell that reads one around a few
 * batches, or around a dummy loss with no optimizer step, shows a time, not a trained model (NB501).
 */
export const CLOCK_CALLS: ReadonlySet<string> = new Set([
  'time.time', 'time.time_ns', 'time.perf_counter', 'time.perf_counter_ns', 'time.monotonic', 'time.monotonic_ns',
  'time.process_time', 'timeit.default_timer',
]);

/** A network call that may wait without bound, or minutes, unless given a timeout. */
export interface TimeoutApi {
  qualified: string;
  /** What happens without a timeout, for the message. */
  otherwise: string;
  /** The keyword that bounds it. */
  keyword: string;
  /** The argument the fix inserts. */
  fix: string;
}

const REQUESTS_WAIT = 'requests waits forever for a server that stops answering';

export const TIMEOUT_APIS: readonly TimeoutApi[] = [
  ...'get post put patch delete head options request'.split(' ').map((m) => ({ qualified: `requests.${m}`, otherwise: REQUESTS_WAIT, keyword: 'timeout', fix: 'timeout=30' })),
  { qualified: 'urllib.request.urlopen', otherwise: 'urlopen waits on the socket default, which is no timeout at all', keyword: 'timeout', fix: 'timeout=30' },
  { qualified: 'openai.OpenAI', otherwise: 'the OpenAI client waits up to 10 minutes per request by default, with 2 retries', keyword: 'timeout', fix: 'timeout=60.0' },
  { qualified: 'openai.AsyncOpenAI', otherwise: 'the OpenAI client waits up to 10 minutes per request by default, with 2 retries', keyword: 'timeout', fix: 'timeout=60.0' },
  { qualified: 'openai.AzureOpenAI', otherwise: 'the Azure OpenAI client waits up to 10 minutes per request by default, with 2 retries', keyword: 'timeout', fix: 'timeout=60.0' },
  { qualified: 'anthropic.Anthropic', otherwise: 'the Anthropic client waits up to 10 minutes per request by default, with 2 retries', keyword: 'timeout', fix: 'timeout=60.0' },
  { qualified: 'anthropic.AsyncAnthropic', otherwise: 'the Anthropic client waits up to 10 minutes per request by default, with 2 retries', keyword: 'timeout', fix: 'timeout=60.0' },
];

/** pandas constructors and readers whose result is a DataFrame (for NB505). */
export const DATAFRAME_MAKERS: ReadonlySet<string> = new Set([
  'pandas.DataFrame', 'pandas.read_csv', 'pandas.read_parquet', 'pandas.read_excel', 'pandas.read_json', 'pandas.read_sql',
  'pandas.read_sql_query', 'pandas.read_table', 'pandas.read_feather', 'pandas.read_pickle', 'pandas.concat', 'pandas.merge',
]);

/**
 * Preprocessing that learns from the data it is fitted on (NB502): fitted on
 * rows that later land in the test set, it carries the test rows into training.
 * Encoders are left out: fitting them on all rows learns the category list,
 * which most teams accept.
 */
export const LEARNING_PREPROCESSORS: ReadonlySet<string> = new Set([
  ...'StandardScaler MinMaxScaler RobustScaler MaxAbsScaler QuantileTransformer PowerTransformer TargetEncoder'.split(' ').map((n) => `sklearn.preprocessing.${n}`),
  ...'SimpleImputer KNNImputer IterativeImputer'.split(' ').map((n) => `sklearn.impute.${n}`),
  ...'SelectKBest SelectPercentile RFE RFECV SelectFromModel'.split(' ').map((n) => `sklearn.feature_selection.${n}`),
]);

/** Splits whose first outputs are (train, test, ...) pieces of the data passed in (NB502). */
export const TRAIN_TEST_SPLITS: ReadonlySet<string> = new Set(['sklearn.model_selection.train_test_split']);

/** Modules whose import makes a notebook an LLM notebook (NB506 speaks only there). */
export const LLM_LIBRARIES: readonly string[] = [
  'openai', 'anthropic', 'google.generativeai', 'google.genai', 'vertexai', 'langchain', 'langchain_core', 'langchain_openai',
  'langchain_anthropic', 'langchain_google_vertexai', 'langchain_aws', 'langchain_community', 'llama_index', 'litellm', 'mistralai',
  'cohere', 'groq', 'ollama', 'dspy', 'haystack',
];

/** Names and keywords that hold a prompt: `SYSTEM_PROMPT = …`, `f(prompt=…)`, `template=…`, `system=…`. */
export const PROMPT_NAME = /(?:^|_)(?:prompt|template|instructions?)(?:$|_)|^(?:system|system_instruction|system_message|prompt|instructions)$/i;

/**
 * Calls that ask an LLM for an output (NB507). `method` matches the end of the callee as written
 * (`self.client.chat.completions.create`), counted only in a module that imports
 * one of `libraries`; `qualified` matches a call the imports resolve (`litellm.completion`).
 */
export interface ModelCallApi {
  method?: RegExp;
  qualified?: string;
  libraries: readonly string[];
  /** What the call is, for the message. */
  what: string;
  /** A module whose function returns the call's text unrecorded (the tests check NB507 reports it). */
  example: string;
}

const answerOf = (imports: string, call: string, text: string) => `${imports}\n\n\ndef answer(q):\n    reply = ${call}\n    return reply${text}\n`;

export const MODEL_CALL_APIS: readonly ModelCallApi[] = [
  { method: /(?:^|\.)(?:chat\.completions|completions|responses)\.(?:create|parse)$/, libraries: ['openai'], what: 'an OpenAI completion', example: answerOf('from openai import AzureOpenAI', 'client.chat.completions.create(model=DEPLOYMENT, messages=[q])', '.choices[0].message.content') },
  { method: /(?:^|\.)messages\.(?:create|stream)$/, libraries: ['anthropic'], what: 'an Anthropic message', example: answerOf('import anthropic', 'client.messages.create(model=MODEL, max_tokens=200, messages=[q])', '.content[0].text') },
  { method: /(?:^|\.)generate_content(?:_async)?$/, libraries: ['google.generativeai', 'google.genai', 'vertexai'], what: 'a Gemini generation', example: answerOf('from vertexai.generative_models import GenerativeModel', 'model.generate_content(q)', '.text') },
  { method: /(?:^|\.)chat\.complete(?:_async)?$/, libraries: ['mistralai'], what: 'a Mistral completion', example: answerOf('from mistralai import Mistral', 'client.chat.complete(model=MODEL, messages=[q])', '.choices[0].message.content') },
  { method: /(?:^|\.)complete$/, libraries: ['azure.ai.inference'], what: 'an Azure AI Inference completion', example: answerOf('from azure.ai.inference import ChatCompletionsClient', 'client.complete(messages=[q])', '.choices[0].message.content') },
  // A model, chain, agent or graph by its name: a retriever's or a tool's `invoke` returns documents or a tool result.
  { method: /(?:^|\.)\w*(?:llm|model|chat|chain|agent|router|grader|generator|rewriter|writer|summari[sz]er|classifier|graph)\w*\.a?invoke$/i, libraries: ['langchain', 'langchain_core', 'langchain_openai', 'langchain_anthropic', 'langchain_community', 'langgraph'], what: 'a LangChain model or chain', example: answerOf('from langchain_core.prompts import ChatPromptTemplate', 'qa_chain.invoke({"question": q})', '["answer"]') },
  { qualified: 'litellm.completion', libraries: ['litellm'], what: 'a LiteLLM completion', example: answerOf('import litellm', 'litellm.completion(model=MODEL, messages=[q])', '.choices[0].message.content') },
  { qualified: 'litellm.acompletion', libraries: ['litellm'], what: 'a LiteLLM completion', example: answerOf('from litellm import acompletion', 'await acompletion(model=MODEL, messages=[q])', '.choices[0].message.content') },
  { qualified: 'ollama.chat', libraries: ['ollama'], what: 'an Ollama chat', example: answerOf('import ollama', 'ollama.chat(model="llama3.2", messages=[q])', '["message"]["content"]') },
  { qualified: 'ollama.generate', libraries: ['ollama'], what: 'an Ollama generation', example: answerOf('import ollama', 'ollama.generate(model="llama3.2", prompt=q)', '["response"]') },
  { qualified: 'prompty.execute', libraries: ['prompty'], what: 'a Prompty flow', example: answerOf('import prompty', 'prompty.execute("chat.prompty", inputs={"question": q}, raw=True)', '.choices[0].message.content') },
  { method: /(?:^|\.)(?:converse|converse_stream|invoke_model|invoke_model_with_response_stream)$/, libraries: ['boto3'], what: 'a Bedrock model call', example: answerOf('import boto3', 'runtime.converse(modelId=MODEL, messages=[q])', '["output"]["message"]["content"][0]["text"]') },
  // Not `predict`: a scoring script's model version is fixed by its deployment, and most
  // such calls in public code are a serving framework's hooks (`predict_fn`, a Vertex predictor).
];

/**
 * Imports that record every model call with its model id (NB507 is then silent for
 * the whole project): OpenTelemetry/OpenInference instrumentation of LLM clients,
 * LangSmith, Langfuse, Traceloop, OpenLIT, Weave, Phoenix, Prompty's tracer.
 */
export const MODEL_TRACING_MODULES: readonly string[] = [
  'opentelemetry.instrumentation.openai', 'opentelemetry.instrumentation.openai_v2', 'opentelemetry.instrumentation.anthropic',
  'opentelemetry.instrumentation.langchain', 'openinference.instrumentation', 'langsmith', 'langfuse', 'traceloop', 'openlit',
  'weave', 'phoenix.otel', 'prompty.tracer', 'agentops',
  // TruLens records each instrumented app's calls (`@instrument`, `TruApp`, `TruChain`) with its app version.
  'trulens', 'trulens_eval',
  // The transport of the OpenAI SDK: each request is recorded with its URL (Azure OpenAI's names the deployment).
  'opentelemetry.instrumentation.httpx',
];

/** Environment templates that turn on tracing of every LangChain/LangSmith/Langfuse call. */
export const MODEL_TRACING_ENV = /^\s*(?:export\s+)?(?:LANGCHAIN_TRACING_V2|LANGSMITH_TRACING(?:_V2)?|LANGFUSE_(?:PUBLIC|SECRET)_KEY)\s*=/m;

/**
 * A function traced by a decorator or a span (its model calls are recorded with their ids):
 * `@trace_chat_completion(…)` is semantic-kernel's OpenTelemetry span naming the model (holdout11);
 * a pixeltable `@pxt.udf` runs as a computed column whose expression stores its model and prompt arguments.
 */
export const TRACED_FUNCTION = /^\s*@(?:traceable|observe|trace|trace_\w+|weave\.op|mlflow\.trace|(?:pxt|pixeltable)\.udf|\w+\.(?:trace|trace_\w+|observe|start_as_current_span|span))\b|\.start_as_current_span\(|\.start_span\(|\btrace\(\s*name\s*=/m;

/**
 * A call that records something: logging, structlog, trackers, span attributes, telemetry events, a project's own
 * `trace_…()` helper (guardrails' `trace_llm_call(invocation_parameters=…)` sets the current span's attributes),
 * a logger's own `log_…()` method (holdout15: giskard's `self.logger.log_call(model=self.model, …)`).
 */
export const RECORDING_CALL = /\b(?:log(?:ger|ging)?|_?logger|LOGGER|LOG|structlog|\w*_log(?:ger)?)\s*\.\s*(?:debug|info|warning|warn|error|exception|critical|log|log_\w+|msg|bind)\s*\(|\bmlflow\.log_\w+\(|\bwandb\.log\(|\.set_attributes?\(|\.add_event\(|\btrack_\w+\(|\btrace_\w+\(/;

/** Words that name the model or the prompt version in a log record (OpenInference's `invocation_parameters` hold the model). */
export const MODEL_IDENTITY = /\w*(?:model|deployment)\w*|\bengine\b|prompt_?(?:version|id|hash|commit|sha|name)|version|\binvocation_param\w*/i;

/** An output that carries its own provenance: a `"model"` key, a `model_version` field. */
export const OUTPUT_IDENTITY = /["'](?:model|model_?(?:id|name|version)|deployment|prompt_?version)["']|\bmodel_?(?:id|name|version)\b|\bprompt_?version\b/i;
