import { crossNotebookState } from './crossNotebookState';
import { hardcodedConfig } from './hardcodedConfig';
import { hardcodedDataLocation } from './hardcodedDataLocation';
import { machineSpecificPath } from './machineSpecificPath';
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

export const NOTEBOOK_RULES: readonly Rule[] = [
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
];

/** Every code the engine can report, with its default severity (NB001 comes from the loaders). */
export const RULE_CODES: readonly { code: string; name: string; defaultSeverity: Rule['defaultSeverity'] }[] = [
  { code: 'NB001', name: 'unreadable-file', defaultSeverity: 'error' },
  ...NOTEBOOK_RULES.map(({ code, name, defaultSeverity }) => ({ code, name, defaultSeverity })),
];
