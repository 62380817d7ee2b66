import { CLOCK_CALLS, FRAMEWORK_SEEDS, NUMPY_SEEDING_CALLS, RANDOM_STATE_APIS, type RandomStateApi } from '../../knowledge/libraries';
import type { CallFact, FunctionScope } from '../../mlFacts';
import type { CodeCell } from '../../dataflow';
import type { ProjectModel } from '../../project/model';
import type { RelatedLocation } from '../../types';
import { readSmall } from './modelOutputUnlogged';
import type { Rule, RuleFinding } from '../rule';
import { isOpenBlank, unfinishedExercise } from '../exercise';
import { decoratorsByFunction, isEntryPoint } from '../../knowledge/entryPoints';
import { argumentInsertion, callsKey, followedResults, followedUsesKey, NotebookImports, resultNeverUsed, type ResolvedCall } from './imports';

const BY_NAME = new Map(RANDOM_STATE_APIS.map((api) => [api.qualified, api]));
// `set_global_seeds(SEED)` (holdout14: a book's utils.reproducibility) as much as `set_seed`, `set_random_seeds`, `set_all_seeds`.
const FRAMEWORK_SEED_TAIL = /(?:^|\.)(?:seed_everything|set_(?:\w+_)?seeds?|seed_all|manual_seed|set_determinism)$/;

/** What varies between runs of this call: `GradientBoostingClassifier(subsample=0.8)` samples rows, its default only breaks ties. */
function variesIn(api: RandomStateApi, c: ResolvedCall): string {
  const sampling = api.samplesWith;
  if (!sampling) return api.varies;
  const samples = c.call.keywords.some((k, i) => sampling.keywords.includes(k) && !sampling.defaultValue.test(c.call.values[i].trim()));
  return samples ? sampling.varies : api.varies;
}

function shortName(qualified: string): string {
  return qualified.split('.').pop() ?? qualified;
}

function related(sites: ResolvedCall[], message: (s: ResolvedCall) => string): RelatedLocation[] {
  return sites.map((s) => ({ cell: s.cell, range: s.call.range, message: message(s) }));
}

/**
 * NB501: model training and data splits nobody seeded: scikit-learn calls without
 * `random_state` (once per notebook, the others related) and PyTorch training
 * without a seed call (a cell that only times a few batches or a dummy loss trains
 * nothing worth reproducing). Plain `random`/`np.random` draws are not reported: in real
 * notebooks they are mostly meant to vary (ids, demo inputs, games, plot colours).
 */
/** A prediction, a score or a metric: what a notebook shows that depends on the data and the model. */
const SHOWS_RESULT = /(?:^|\.)(?:predict\w*|score|evaluate|transform|fit_predict|fit_transform|\w+_score|\w+_error|classification_report|confusion_matrix|cross_val\w*)$/;

/**
 * A notebook that times its fits (`%timeit -o train(clf)`) and never predicts, scores or computes a metric: the
 * random data only sets how long a fit takes, which no seed makes repeatable (holdout13: sklearn against cuML).
 */
function onlyTimesFits(codeCells: readonly CodeCell[]): boolean {
  return codeCells.some((c) => c.summary.magics.some((m) => m.name === 'timeit'))
    && !codeCells.some((c) => c.summary.ml.calls.some((call) => SHOWS_RESULT.test(call.callee)));
}

export const unseededRandomness: Rule = {
  code: 'NB501',
  name: 'unseeded-randomness',
  defaultSeverity: 'warning',
  // The text is read only for a cell that calls backward(): does its loop stop after a few batches?
  // What a cell does with the names of call results: an estimator no later code reads is never used (see resultNeverUsed).
  reads: {
    cellKey: (c, cell, _config, notebook) => callsKey(c.summary, [
      isOpenBlank(c, cell),
      c.summary.magics.some((m) => m.name === 'timeit'),
      c.summary.ml.calls.some(isBackward) ? breaksAfterFewBatches(cell.source) : undefined,
      // A module's shape decides whether its calls in functions and classes are a library's (see libraryTraining).
      c.summary.ml.calls.some((k) => !k.topLevel) ? moduleShape(cell.source) : undefined,
      REPEAT_LOOP.test(cell.source) ? [...linesRepeated(cell.source)] : undefined,
      OWN_BACKWARD.test(cell.source),
      // An estimator a function only saves is read from the text (see onlySavedUnfitted).
      /\b(?:log_model|save_model|dump)\(/.test(cell.source) ? cell.source : undefined,
      followedUsesKey(c.summary, notebook),
    ]),
    notebookFacts: followedResults,
  },
  check({ cells, codeCells, project, path }) {
    // An exercise skeleton left blank (holdout13 TFDS exercise): the splits and training are the student's to write.
    if (unfinishedExercise(codeCells, cells)) return [];
    if (onlyTimesFits(codeCells)) return [];
    const imports = NotebookImports.of(codeCells);
    const findings: RuleFinding[] = [];

    // Without random_state scikit-learn draws from NumPy's global generator: a seed call before it makes it reproducible.
    const unseeded: ResolvedCall[] = [];
    let numpySeeded = false;
    let seeded = false;
    let backward: ResolvedCall | undefined;
    let weightOptimizer = false;
    let inputOptimizer = false;
    let randomTensor = false;
    let steps = false;
    let evalMode = false;
    let layers = false;
    let handMadeParams = false;
    const backwards: ResolvedCall[] = [];
    const calledSeeded = calledOnlyAfterNumpySeed(imports.callsByCell());
    for (const calls of imports.callsByCell()) {
      const facts = cellFacts(calls, cells[calls[0].cell].source);
      if (!numpySeeded) {
        for (const [at, c] of facts.unseeded) {
          if (c.call.scope && calledSeeded.has(c.call.scope.name)) continue;
          if ((facts.numpySeedAt < 0 || at <= facts.numpySeedAt) && !resultNeverUsed(c.cell, c.call, codeCells) && !listNeverUsed(c, codeCells)
            && !onlySavedUnfitted(c.call, cells[c.cell].source) && !fitOnOneFeature(c, imports.callsByCell())
            && !seededByReceiver(c, calls, cells[c.cell].source)) unseeded.push(c);
        }
      }
      numpySeeded ||= facts.numpySeedAt >= 0;
      seeded ||= facts.seeded;
      backward ??= facts.backward;
      weightOptimizer ||= facts.weightOptimizer;
      inputOptimizer ||= facts.inputOptimizer;
      randomTensor ||= facts.randomTensor;
      steps ||= facts.steps;
      evalMode ||= facts.evalMode;
      layers ||= facts.layers;
      handMadeParams ||= facts.handMadeParams;
      backwards.push(...calls.filter((c) => isBackward(c.call)));
    }
    const isModule = cells.length === 1 && !codeCells[0]?.summary.magics.length;
    // holdout11 (pycaret's IterativeImputer): a library's method that builds a fallback estimator is seeded, or not, by
    // whoever calls the library, as its PyTorch training is (see libraryTraining).
    const reported = isModule && path === undefined ? unseeded.filter((c) => !libraryTraining(project, cells[0].source, imports, [c])) : unseeded;
    if (reported.length > 0) {
      const [first, ...rest] = reported;
      const api = BY_NAME.get(first.qualified!)!;
      const more = rest.length ? ` (and ${rest.length} more call${rest.length > 1 ? 's' : ''} without it)` : '';
      const edits = reported.map((s) => ({ cell: s.cell, ...argumentInsertion(s.call, 'random_state=SEED') }));
      findings.push({
        cell: first.cell,
        range: first.call.range,
        message: `\`${shortName(first.qualified!)}\` has no \`random_state\`${more}: ${variesIn(api, first)} from run to run, so results cannot be reproduced or compared. Pass \`random_state=SEED\`.`,
        related: related(rest, (s) => `\`${shortName(s.qualified!)}\` without \`random_state\``),
        data: { fix: 'random_state', sites: JSON.stringify(edits) },
      });
    }

    // Style transfer optimises an image cloned from the content (`optim.Adam([target])`) through frozen pretrained
    // weights: no weight starts random, so there is nothing to seed unless a tensor is drawn at random.
    const onlyInputsOptimised = inputOptimizer && !weightOptimizer && !randomTensor;
    // Gradients read in eval mode with no optimizer and no step (saliency, influence, similarity): nothing is trained.
    const gradientsOnly = evalMode && !weightOptimizer && !steps;
    // holdout12 (fastai course22 lesson 4): gradient descent by hand on `torch.tensor([1.1, 1.1, 1.1]).requires_grad_()`,
    // with no layer, optimizer, data loader or random draw: every run starts from the same values and takes the same steps.
    // holdout15 (micrograd lecture): a notebook with an autograd engine of its own (`class Value: … def backward(self)`)
    // calls its own backward(); with no torch layer, optimizer or random tensor, torch only checks gradients on fixed values.
    const ownAutograd = codeCells.some((c) => OWN_BACKWARD.test(cells[c.index].source));
    const fixedStart = (handMadeParams || ownAutograd) && !weightOptimizer && !inputOptimizer && !steps && !randomTensor && !layers;
    const caller = isModule && (seededByCaller(project, isModule, backward?.call.scope) || libraryTraining(project, cells[0].source, imports, backwards));
    const training = !seeded && !onlyInputsOptimised && !gradientsOnly && !fixedStart && imports.imports('torch') && !caller ? backward : undefined;
    if (training) {
      findings.push({
        cell: training.cell,
        range: training.call.range,
        message: `This ${isModule && project && path === undefined ? 'module' : 'notebook'} trains with PyTorch and never seeds it (\`torch.manual_seed\`): weights start from different random values on every run, so results cannot be reproduced.`,
      });
    }
    return findings;
  },
};

/** A method named backward in a class of the notebook's own: its own autograd engine. */
const OWN_BACKWARD = /^[ \t]+def[ \t]+backward[ \t]*\([ \t]*self\b/m;

const SEED_CALL = /(?<![\w])(?:torch\.(?:cuda\.|xpu\.)?manual_seed(?:_all)?|(?:\w+\.)*(?:seed_everything|set_seeds?|set_random_seeds?|seed_all|set_all_seeds))\s*\(/;

/**
 * The training function of a project module is imported by another module that seeds PyTorch
 * before it calls it (`torch.manual_seed(cfg.seed)` … `train(model, …)` in the entry point):
 * the run is seeded, by its caller.
 */
function seededByCaller(project: ProjectModel | undefined, isModule: boolean, scope: FunctionScope | undefined): boolean {
  if (!project || !isModule || !scope) return false;
  // The module rules see a module's text, not its path: the modules defining this function on this line.
  const owners = project.modules.filter((m) => m.definitions.some((d) => d.kind === 'function' && d.name === scope.name && d.range.start.line >= scope.start && d.range.start.line <= scope.end));
  const call = new RegExp(`(?<![\\w.])${scope.name}\\s*\\(`, 'g');
  return owners.length > 0 && owners.every((own) => project.modules.some((m) => {
    if (m === own || !m.imports.some((i) => i.modules.includes(`${own.module}.${scope.name}`))) return false;
    const text = readSmall(project.root, m.file);
    const seed = SEED_CALL.exec(text);
    if (!seed) return false;
    call.lastIndex = seed.index;
    return call.test(text);
  }));
}

/**
 * A library module of the project: it trains (or builds a scikit-learn estimator) only inside functions or methods that are no entry
 * point, or in a class body (sktime's `_base_estimator = DecisionTreeClassifier(…)`, a template its classifier clones
 * with its own random state), has no `if __name__ == "__main__":` and calls nothing it defines at the top, and no other
 * module of the project imports the training function (then seededByCaller decides): whoever
 * uses the library calls the training code and seeds it (alibi's `Model.train_step`).
 */
function libraryTraining(project: ProjectModel | undefined, source: string, imports: NotebookImports, backwards: readonly ResolvedCall[]): boolean {
  if (!project || backwards.length === 0) return false;
  const shape = moduleShape(source);
  if (shape.script) return false;
  const defined = new Set(shape.defined);
  const decorators = decoratorsByFunction(source);
  const inLibraryCode = backwards.every(({ call: { scope, topLevel } }) => (scope === undefined ? !topLevel
    : !isEntryPoint(scope.name, decorators.get(scope.name) ?? [], defined) && !project.modules.some((m) => m.imports.some((i) => i.modules.some((x) => x.endsWith(`.${scope.name}`))))));
  // A top-level call of a class runs only its own code: mlforecast's `_TransferMethodSpec(fn=…)` records in a dict
  // (holdout18) build nothing of `_build_clf`'s, a class around the training would.
  const classes = new Map(shape.classes.map(([name, first, last]) => [name, [first, last]]));
  const around = (name: string) => {
    const lines = classes.get(name);
    return lines === undefined || backwards.some((b) => b.call.range.start.line >= lines[0] && b.call.range.start.line <= lines[1]);
  };
  const runsItself = imports.callsByCell().some((calls) => calls.some((c) => {
    const root = c.call.callee.split('.')[0];
    return c.call.topLevel && defined.has(root) && around(root);
  }));
  return inLibraryCode && !runsItself;
}

/**
 * An estimator in a list literal bound to a name nothing reads before it is bound again, or ever (holdout18, mlforecast's
 * guide: `models = [KNeighborsRegressor(), MLPRegressor(), …]`, then the next cell gives `MLForecast` a list of its own
 * with `MLPRegressor(random_state=0)`): as for `rf = RandomForestRegressor()` never used, no model of it is trained.
 */
function listNeverUsed(c: ResolvedCall, codeCells: readonly CodeCell[]): boolean {
  return c.call.listedIn !== undefined && resultNeverUsed(c.cell, { ...c.call, assignedTo: c.call.listedIn }, codeCells);
}

/** `mlflow.sklearn.log_model(clf, …)`, `pickle.dump(clf, f)`, `joblib.dump(clf, path)`: the estimator saved as it is. */
const SAVES_FIRST_ARGUMENT = (name: string) => new RegExp(String.raw`^\s*(?:[\w.]+\.)?(?:log_model|save_model|dump)\(\s*${name}\s*[,)]`);

/**
 * holdout15 (FLAML's get_mlflow_log_latency): an estimator a function builds only to time how long logging and
 * pickling a model takes. Every later use of its name in the function saves it as it is: it is never fitted, so
 * nothing random reaches a result.
 */
function onlySavedUnfitted(call: CallFact, source: string): boolean {
  const name = call.assignedTo;
  if (!name || !call.scope || call.topLevel) return false;
  const lines = source.split('\n').slice(call.range.end.line + 1, call.scope.end + 1).map((l) => l.replace(/#.*$/, '').replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""'));
  const uses = lines.filter((l) => new RegExp(String.raw`(?<![\w.])${name}\b`).test(l));
  return uses.length > 0 && uses.every((l) => SAVES_FIRST_ARGUMENT(name).test(l));
}

/** What libraryTraining reads of a module's text: a main guard, the names defined at the top, and the lines of each top-level class. */
function moduleShape(source: string): { script: boolean; defined: string[]; classes: [string, number, number][] } {
  const classes: [string, number, number][] = [];
  if (/^class\s/m.test(source)) {
    const lines = source.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const name = /^class\s+([A-Za-z_]\w*)/.exec(lines[i])?.[1];
      if (!name) continue;
      // The class ends before the next statement at the left margin (a closing bracket of its header is none).
      let last = i;
      for (let j = i + 1; j < lines.length && !/^[^\s#)\]}]/.test(lines[j]); j++) last = j;
      classes.push([name, i, last]);
    }
  }
  return {
    script: /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(source),
    defined: [...source.matchAll(/^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]),
    classes,
  };
}

/** What one cell's calls mean to the rule, kept while the cell's resolved calls are (see NotebookImports.callsByCell). */
interface CellFacts {
  /** Calls without a seed argument, with their position among the cell's calls. */
  unseeded: [number, ResolvedCall][];
  /** Position of the cell's first call that seeds NumPy's global generator (`numpy.random.seed`, `keras.utils.set_random_seed`…), or -1. */
  numpySeedAt: number;
  /** A framework seed call (`torch.manual_seed`, `seed_everything`, ...). */
  seeded: boolean;
  /** The first `loss.backward()`, unless the cell is a timing benchmark (see isTimingBenchmark). */
  backward?: ResolvedCall;
  /** A `torch.optim` optimizer over something other than a list literal (`model.parameters()`, a variable). */
  weightOptimizer: boolean;
  /** A `torch.optim` optimizer over a list of tensors (`optim.Adam([target])`). */
  inputOptimizer: boolean;
  /** `torch.rand`, `torch.randn`, `torch.randint` …: a tensor drawn at random. */
  randomTensor: boolean;
  /** An optimizer's `.step()`. */
  steps: boolean;
  /** `model.eval()` or `model.train(False)`: the model is not being trained. */
  evalMode: boolean;
  /** Something that starts or feeds training at random: a `torch.nn` layer or module, dropout, a data loader, a fastai learner. */
  layers: boolean;
  /** `.requires_grad_()` or `requires_grad=True`: tensors made by hand to be trained. */
  handMadeParams: boolean;
}

const OPTIMIZER = /^torch\.optim\.[A-Z]\w*$/;
const RANDOM_TENSOR = /^torch\.(?:rand|randn|randint|randperm|rand_like|randn_like|normal|bernoulli|multinomial)$/;

/** Written without their `torch.nn.` prefix after a star import (`from fastai.basics import *`). */
const RANDOM_START_TAIL = /(?:^|\.)(?:Linear|Bilinear|Conv[123]d|ConvTranspose[123]d|Embedding\w*|RNN|LSTM|GRU|\w*Transformer\w*|MultiheadAttention|Sequential|Module(?:List|Dict)|Dropout\w*|dropout\w*|DataLoader|Learner|\w+_learner)$/;

/** `torch.nn.MSELoss`, `torch.nn.CrossEntropyLoss`: criteria without parameters. */
const LOSS_MODULE = /^torch\.nn\.(?:modules\.loss\.)?[A-Z]\w*Loss$/;

const FACTS = new WeakMap<readonly ResolvedCall[], CellFacts>();

function cellFacts(calls: readonly ResolvedCall[], source: string): CellFacts {
  let facts = FACTS.get(calls);
  if (facts) return facts;
  const backward = calls.find((c) => isBackward(c.call));
  let repeated: Set<number> | undefined;
  facts = {
    unseeded: calls.flatMap((c, i) => (needsSeed(c) && !(repeated ??= linesRepeated(source)).has(c.call.range.start.line) ? [[i, c] as [number, ResolvedCall]] : [])),
    numpySeedAt: calls.findIndex((c) => c.qualified !== undefined && NUMPY_SEEDING_CALLS.has(c.qualified)),
    seeded: calls.some((c) => (c.qualified && FRAMEWORK_SEEDS.has(c.qualified)) || FRAMEWORK_SEED_TAIL.test(c.call.callee)),
    backward: backward && !isTimingBenchmark(calls, backward, source) ? backward : undefined,
    weightOptimizer: calls.some((c) => c.qualified !== undefined && OPTIMIZER.test(c.qualified) && !isTensorList(c.call.firstArg)),
    inputOptimizer: calls.some((c) => c.qualified !== undefined && OPTIMIZER.test(c.qualified) && isTensorList(c.call.firstArg)),
    randomTensor: calls.some((c) => c.qualified !== undefined && RANDOM_TENSOR.test(c.qualified)),
    steps: calls.some((c) => /\.step$/.test(c.call.callee)),
    evalMode: calls.some((c) => (/\.eval$/.test(c.call.callee) && c.call.positional === 0) || (/\.train$/.test(c.call.callee) && c.call.firstArg === 'False')),
    // A loss module (`torch.nn.MSELoss()`) has no weights: it starts nothing at random (holdout20, a ridge gradient check).
    layers: calls.some((c) => (c.qualified !== undefined && /^torch\.nn\.(?:[\w.]*\.)?[A-Z]\w*$/.test(c.qualified) && !LOSS_MODULE.test(c.qualified)) || RANDOM_START_TAIL.test(c.qualified ?? c.call.callee) || RANDOM_START_TAIL.test(c.call.callee)),
    handMadeParams: calls.some((c) => /\.requires_grad_$/.test(c.call.callee) || c.call.keywords.includes('requires_grad')),
  };
  FACTS.set(calls, facts);
  return facts;
}

/**
 * Functions whose body runs only after NumPy's global generator is seeded: every call of the
 * function stands at module level after a seed call (`np.random.seed(42)` then, in
 * `if __name__ == '__main__':`, `blend_ensemble(x, y)`), so the models built inside draw from a seeded generator.
 */
function calledOnlyAfterNumpySeed(byCell: readonly (readonly ResolvedCall[])[]): Set<string> {
  const after = new Set<string>();
  const before = new Set<string>();
  let seeded = false;
  for (const calls of byCell) {
    for (const c of calls) {
      if (c.qualified !== undefined && NUMPY_SEEDING_CALLS.has(c.qualified) && c.call.topLevel) seeded = true;
      if (!/^[A-Za-z_]\w*$/.test(c.call.callee)) continue;
      (seeded && c.call.topLevel ? after : before).add(c.call.callee);
    }
  }
  for (const name of before) after.delete(name);
  return after;
}

/**
 * An estimator built as an argument of a call that is given a random state too: `SummaryClassifier(random_state=seed,
 * estimator=RandomForestClassifier())`, `_clone_estimator(RandomForestClassifier(), self.random_state)` (holdout18, a
 * library's wrappers). The receiver seeds what it is given, as scikit-learn's ensembles do with their base estimator.
 */
function seededByReceiver(c: ResolvedCall, calls: readonly ResolvedCall[], source: string): boolean {
  const within = (outer: ResolvedCall) => before(outer.call.range.start, c.call.range.start) && before(c.call.closeParen, outer.call.closeParen) && outer !== c;
  const receivers = calls.filter(within);
  if (receivers.length === 0) return false;
  const lines = source.split('\n');
  const text = (from: { line: number; character: number }, to: { line: number; character: number }) =>
    from.line === to.line ? lines[from.line]?.slice(from.character, to.character) ?? '' : [lines[from.line]?.slice(from.character) ?? '', ...lines.slice(from.line + 1, to.line), lines[to.line]?.slice(0, to.character) ?? ''].join('\n');
  // The receiver's arguments other than this estimator's own call name a random state.
  return receivers.some((r) => r.call.keywords.includes('random_state')
    || RANDOM_STATE_WORD.test(text(r.call.range.start, c.call.range.start)) || RANDOM_STATE_WORD.test(text(c.call.closeParen, r.call.closeParen)));
}

const RANDOM_STATE_WORD = /\b(?:random_state|random_seed|rng)\b/;

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** One column of data: `depth.values.reshape(-1, 1)`, `df[['LSTAT']]` (spaces removed). */
const ONE_COLUMN = /(?:\.reshape\(-1,1\)|\[\[(['"])[^'"\]]+\1\]\](?:\.values|\.to_numpy\(\))?)$/;

/**
 * A decision tree whose every `fit` gets one column: with a single feature the random feature order breaks no tie, so
 * the tree is the same on every run (holdout13 and holdout17 labels: `tree.fit(depth.values.reshape(-1, 1), y)`).
 */
function fitOnOneFeature(c: ResolvedCall, byCell: readonly (readonly ResolvedCall[])[]): boolean {
  const name = c.call.assignedTo;
  if (!name || !/(?:^|\.)DecisionTree(?:Classifier|Regressor)$/.test(c.qualified ?? '')) return false;
  const fits = byCell.flatMap((calls) => calls.filter((k) => k.call.callee === `${name}.fit`));
  return fits.length > 0 && fits.every((k) => ONE_COLUMN.test((k.call.firstArg ?? '').replace(/\s+/g, '')));
}

function isBackward(call: CallFact): boolean {
  return /\.backward$/.test(call.callee) && call.positional === 0;
}

/**
 * A cell that reads a clock around its backward() and either stops its loop after a few
 * batches (`if i == 3: break`) or backpropagates a dummy loss (`loss = out.sum()`) with no
 * optimizer step: what it shows is a time, which no seed makes reproducible, and it trains
 * no model anyone uses (CPU-vs-GPU timing, a FLOPs/MFU benchmark).
 */
function isTimingBenchmark(calls: readonly ResolvedCall[], backward: ResolvedCall, source: string): boolean {
  if (!calls.some((c) => c.qualified !== undefined && CLOCK_CALLS.has(c.qualified))) return false;
  if (breaksAfterFewBatches(source)) return true;
  const steps = calls.some((c) => /(?:^|\.)step$/.test(c.call.callee));
  return !steps && isDummyLoss(calls, backward.call.callee);
}

/** `loss = output.sum()` then `loss.backward()`, or `model(x).mean().backward()`: a loss that compares with no target. */
function isDummyLoss(calls: readonly ResolvedCall[], backwardCallee: string): boolean {
  if (/\.(?:sum|mean)\(\)\.backward$/.test(backwardCallee)) return true;
  const receiver = /^([A-Za-z_]\w*)\.backward$/.exec(backwardCallee)?.[1];
  return receiver !== undefined && calls.some((c) => c.call.assignedTo === receiver && c.call.positional === 0 && c.call.keywords.length === 0
    && /^[A-Za-z_]\w*\.(?:sum|mean)$/.test(c.call.callee));
}

/** `for ii, (x, y) in enumerate(loader):`: the batch counter. */
const ENUMERATE_INDEX = /\bfor\s+([A-Za-z_]\w*)\s*,[^\n]*?\bin\s+enumerate\(/g;
/** `if ii == 3: break`, `if ii >= 5:\n    break`. */
const COUNTER_BREAK = /\bif\s+([A-Za-z_]\w*)\s*(?:==|>=|>)\s*(\d+)\s*:\s*break\b/g;

/**
 * The batch loop stops after a handful of batches (at most 10): its counter, not an early-stopping
 * count (`if bad_epochs >= 5: break`), is what is compared.
 */
function breaksAfterFewBatches(source: string): boolean {
  const counters = new Set([...source.matchAll(ENUMERATE_INDEX)].map((m) => m[1]));
  if (counters.size === 0) return false;
  for (const m of source.matchAll(COUNTER_BREAK)) if (counters.has(m[1]) && Number(m[2]) <= 10) return true;
  return false;
}

/** `[target]`, `[img, mask]`: a list of names, not parameters (`[p for p in model.parameters()]` is parameters). */
function isTensorList(firstArg: string | undefined): boolean {
  return firstArg !== undefined && /^\[\s*[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*,?\s*\]$/.test(firstArg);
}

/** A scikit-learn call that draws random numbers and fixes no `random_state`. */
/**
 * Lines inside a `for _ in …:` loop, or a `for i in range(…):` loop whose body never reads `i`: its runs differ
 * only by what is drawn at random, so an unseeded call there is repeated to show the spread of its results
 * (holdout11: `RandomizedSearchCV` 20 times, best scores printed; holdout19: 30 random splits averaged); a seed
 * would make every run the same.
 */
function linesRepeated(source: string): Set<number> {
  const out = new Set<number>();
  if (!REPEAT_LOOP.test(source)) return out;
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = /^(\s*)(?:async\s+)?for\s+([A-Za-z_]\w*)\s+in\s+(.*):\s*(?:#.*)?$/.exec(lines[i]);
    if (!header || (header[2] !== '_' && !/^range\(/.test(header[3]))) continue;
    const indent = header[1].length;
    const body: number[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const text = lines[j];
      if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
      if (text.length - text.trimStart().length <= indent) break;
      body.push(j);
    }
    const reads = new RegExp(`\\b${header[2]}\\b`);
    if (header[2] !== '_' && body.some((j) => reads.test(lines[j].replace(/#.*$/, '')))) continue;
    for (const j of body) out.add(j);
  }
  return out;
}

/** A loop header that may repeat a random draw: `for _ in`, or `for i in range(…)` (see linesRepeated). */
const REPEAT_LOOP = /\bfor\s+(?:_\s+in\b|[A-Za-z_]\w*\s+in\s+range\()/;

function needsSeed(c: ResolvedCall): boolean {
  const api = c.qualified ? BY_NAME.get(c.qualified) : undefined;
  if (!api || c.call.splat || c.call.keywords.includes('random_state')) return false;
  const fixed = api.deterministicWith;
  if (fixed && fixed.value.test(c.call.values[c.call.keywords.indexOf(fixed.keyword)] ?? '\u0000')) return false;
  if (api.onlyWith) {
    const at = c.call.keywords.indexOf(api.onlyWith);
    return at >= 0 && c.call.values[at] === 'True';
  }
  return true;
}
