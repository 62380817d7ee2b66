import { crossNotebookState } from './crossNotebookState';
import { modelWithoutEvals } from './project/modelWithoutEvals';
import { missingProductionBrief, noTestSuite } from './project/projectLevel';
import { undeclaredDependency } from './project/undeclaredDependency';
import { untestedNotebookFunction } from './project/untestedFunction';
import { hardcodedConfig } from './hardcodedConfig';
import { hardcodedDataLocation } from './hardcodedDataLocation';
import { machineSpecificPath } from './machineSpecificPath';
import { malformedCell } from './malformedCell';
import { notPythonNotebook } from './notPythonNotebook';
import { secretInOutput } from './secretInOutput';
import { secretInSource } from './secretInSource';
import { importNotAtTop } from './importNotAtTop';
import { nonIdempotentCell } from './nonIdempotentCell';
import { notebookOnlySyntax } from './notebookOnlySyntax';
import { outOfOrderExecution } from './outOfOrderExecution';
import type { Rule } from './rule';
import { staleOutput } from './staleOutput';
import { undefinedName } from './undefinedName';
import { unexecutedCell } from './unexecutedCell';
import { useBeforeDefine } from './useBeforeDefine';
import { chainedAssignment } from './ml/chainedAssignment';
import { dataLeakage } from './ml/dataLeakage';
import { inlinePrompt } from './ml/inlinePrompt';
import { missingTimeout } from './ml/missingTimeout';
import { modelOutputUnlogged } from './ml/modelOutputUnlogged';
import { nanComparison } from './ml/nanComparison';
import { unseededRandomness } from './ml/unseededRandomness';

export const NOTEBOOK_RULES: readonly Rule[] = [
  notPythonNotebook,
  malformedCell,
  useBeforeDefine,
  undefinedName,
  staleOutput,
  outOfOrderExecution,
  nonIdempotentCell,
  unexecutedCell,
  notebookOnlySyntax,
  importNotAtTop,
  crossNotebookState,
  machineSpecificPath,
  hardcodedDataLocation,
  secretInSource,
  secretInOutput,
  hardcodedConfig,
  untestedNotebookFunction,
  noTestSuite,
  modelWithoutEvals,
  undeclaredDependency,
  missingProductionBrief,
  unseededRandomness,
  dataLeakage,
  missingTimeout,
  nanComparison,
  chainedAssignment,
  inlinePrompt,
];

/** Rules that also run on the project's own `.py` modules: code facts that do not depend on notebook state. */
export const MODULE_RULE_CODES: ReadonlySet<string> = new Set(['NB501', 'NB502', 'NB503', 'NB504', 'NB505', 'NB507']);

/** Rules of production code only, never of a notebook (where looking at a model's answer is the point). */
const MODULE_ONLY_RULES: readonly Rule[] = [modelOutputUnlogged];

/** What `Engine.analyzeModule` runs on a `.py` module. */
export const MODULE_RULES: readonly Rule[] = [...NOTEBOOK_RULES, ...MODULE_ONLY_RULES].filter((r) => MODULE_RULE_CODES.has(r.code));

/** Every code the engine can report, with its default severity (NB001 comes from the loaders). */
type RuleCode = { code: string; name: string; defaultSeverity: Rule['defaultSeverity']; optIn?: boolean };
export const RULE_CODES: readonly RuleCode[] = ([
  { code: 'NB001', name: 'unreadable-file', defaultSeverity: 'error' },
  ...[...NOTEBOOK_RULES, ...MODULE_ONLY_RULES].map(({ code, name, defaultSeverity, optIn }) => ({ code, name, defaultSeverity, optIn })),
  // Reported on project files only (see projectFiles.ts).
  // Opt in, as NB301: on public repositories most modules without a test are demo tooling (docs/precision.md).
  { code: 'NB302', name: 'module-without-tests', defaultSeverity: 'warning', optIn: true },
  { code: 'NB401', name: 'unpinned-dependency', defaultSeverity: 'warning' },
] as RuleCode[]).sort((a, b) => a.code.localeCompare(b.code));
