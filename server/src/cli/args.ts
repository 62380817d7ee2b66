// Command-line arguments: the command, its flags (Ruff's names where Ruff has one),
// and the usage text. A mistake here is a UsageError: exit 2 with one line, no trace.
import { SEVERITY_RANK, type Severity } from '../engine/types';
import type { ServeFunctionOptions } from './serveFunction';
import type { ExportOptions } from './export';

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

export interface CheckOptions {
  command: 'check' | 'readiness';
  paths: string[];
  format: Format;
  failOn: Severity | 'never';
  output?: string;
  select?: string[];
  extendSelect: string[];
  ignore: string[];
  exclude: string[];
  config?: string;
  statistics: boolean;
  quiet: boolean;
  exitZero: boolean;
  stdinFilename?: string;
  baseline?: string;
  writeBaseline?: string;
  docsUrl?: string;
  /** Analyse every file, neither reading nor writing .nb2prod_cache/. */
  noCache: boolean;
  /** Worker threads analysing files (default: os.availableParallelism()). */
  threads?: number;
  /** Say on standard error what the cache answered and what was analysed. */
  verbose: boolean;
  cacheDir?: string;
  /** Apply the safe fixes (cli/fix.ts) and report what is left. */
  fix: boolean;
  /** Print the safe fixes as a diff; write nothing. */
  diff: boolean;
  /** Check again whenever a file under the paths changes, until interrupted. */
  watch: boolean;
}

export interface RuleOptions {
  command: 'rule';
  codes: string[];
  all: boolean;
}

export type Parsed = CheckOptions | RuleOptions | ServeFunctionOptions | ExportOptions | 'help' | 'version';

export const USAGE = `Usage: nb2prod check [paths...] [options]
       nb2prod check - --stdin-filename NAME [options]
       nb2prod rule CODE... | nb2prod rule --all
       nb2prod readiness [root] [--format text|json]
       nb2prod serve-function NOTEBOOK_OR_MODULE [FUNCTION]
       nb2prod export NOTEBOOK [--dry-run]

Checks Jupyter notebooks (.ipynb) and percent-format scripts (# %% cells) for what
keeps them from production. Folders are searched recursively; the default is ".".
Only files under the given paths are reported.

Options of check:
  --format, --output-format FMT  text|json|sarif|github (default: text)
  --fail-on LEVEL                exit 1 when a finding is at or above LEVEL:
                                 error|warning|information|hint|never (default: error)
  --exit-zero                    exit 0 even with findings (2 still means a usage error)
  --select CODES                 only these rules (codes or prefixes, comma separated)
  --extend-select CODES          add rules to the configured selection
  --ignore CODES                 never report these rules
  --exclude GLOBS                skip files matching these globs (comma separated)
  --config FILE                  read [tool.nb2prod] from FILE instead of the nearest pyproject.toml
  --statistics                   print the number of findings per rule instead of the findings
  -q, --quiet                    print findings only, no summary
  --stdin-filename NAME          with "-": the name of the file read from standard input
  --fix                          apply the safe fixes (NB203 secret to the environment, NB204 clear
                                 the outputs that show a secret, NB402 declare the dependency)
  --diff                         print the safe fixes as a diff (notebooks cell by cell); write nothing;
                                 exit 1 when there is something to fix
  --watch                        check again whenever a notebook or script under the paths changes
  --baseline FILE                report only findings not recorded in FILE
  --write-baseline FILE          record every current finding in FILE and exit 0
  --threads N                    analyse files in N worker threads (default: one per core)
  --no-cache                     analyse every file; neither read nor write the cache
  -v, --verbose                  say on standard error how many files the cache answered, how many
                                 were analysed and how many worker threads started
  --cache-dir DIR                the findings cache (default: .nb2prod_cache in the working folder)
  --docs-url URL                 base of the rule links in SARIF (default: the repository's docs/rules.md)
  -o, --output FILE              write the report to FILE instead of standard output
  -h, --help                     show this help
  --version                      print the version

\`rule CODE\` prints the documentation of a rule (\`--all\`: of every rule).

\`serve-function\` writes app/main.py, a FastAPI endpoint for FUNCTION (a function of a
project module, named in the module or called in the notebook), tests/test_app.py, and
declares fastapi and uvicorn. It never overwrites a file nb2prod did not write (exit 2).

\`readiness\` prints the notebook-to-production checklist of a project (the folder
with pyproject.toml, requirements.txt or .git above root, default "."): each step
done, partial or missing, with the reason, and a score out of 100.

\`export NOTEBOOK\` turns a notebook into a project: constants to configs/, each
section's code to tested functions in src/<package>/, pipelines/<notebook>.py
calling them in order, pyproject.toml and a README section. It prints the plan;
--dry-run writes nothing. It never overwrites a file it did not write (exit 2).

Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage error, missing
path, no file to check or invalid configuration; 3 internal error (a bug: please report it).
Configuration: [tool.nb2prod] in the nearest pyproject.toml (select, extend-select, ignore,
severity, exclude, extend-exclude, allowed-paths, extend-allowed-paths, config-keywords,
extend-config-keywords, baseline).
`;

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export function parseArgs(argv: string[]): Parsed {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (command === 'rule') return parseRuleArgs(rest);
  if (command === 'serve-function') return parseServeFunctionArgs(rest);
  if (command === 'export') return parseExportArgs(rest);
  if (command !== 'check' && command !== 'readiness') throw new UsageError(`unknown command "${command}" (commands: check, rule, readiness, serve-function, export)`);
  const options: CheckOptions = {
    command, paths: [], format: 'text', failOn: 'error', extendSelect: [], ignore: [], exclude: [], statistics: false, quiet: false, exitZero: false, noCache: false, verbose: false, fix: false, diff: false, watch: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format':
      case '--output-format': {
        const v = value();
        if (!FORMATS.includes(v as Format)) throw new UsageError(`${flag} must be ${FORMATS.join(', ')}, not "${v}"`);
        options.format = v as Format;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (v !== 'never' && !(v in SEVERITY_RANK)) throw new UsageError(`--fail-on must be error, warning, information, hint or never, not "${v}"`);
        options.failOn = v as CheckOptions['failOn'];
        break;
      }
      case '-o':
      case '--output':
        options.output = value();
        break;
      case '--select':
        options.select = [...(options.select ?? []), ...list(value())];
        break;
      case '--extend-select':
        options.extendSelect.push(...list(value()));
        break;
      case '--ignore':
        options.ignore.push(...list(value()));
        break;
      case '--exclude':
      case '--extend-exclude':
        options.exclude.push(...list(value()));
        break;
      case '--config':
        options.config = value();
        break;
      case '--statistics':
        options.statistics = true;
        break;
      case '-q':
      case '--quiet':
        options.quiet = true;
        break;
      case '--exit-zero':
        options.exitZero = true;
        break;
      case '--stdin-filename':
        options.stdinFilename = value();
        break;
      case '--baseline':
        options.baseline = value();
        break;
      case '--write-baseline':
        options.writeBaseline = value();
        break;
      case '--threads': {
        const v = value();
        if (!/^[1-9]\d{0,3}$/.test(v)) throw new UsageError(`--threads must be a whole number from 1, not "${v}"`);
        options.threads = Number(v);
        break;
      }
      case '--no-cache':
        options.noCache = true;
        break;
      case '-v':
      case '--verbose':
        options.verbose = true;
        break;
      case '--cache-dir':
        options.cacheDir = value();
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--diff':
        options.diff = true;
        break;
      case '--watch':
        options.watch = true;
        break;
      case '--docs-url':
        options.docsUrl = value();
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  if (options.paths.includes('-') && options.paths.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
  if (options.stdinFilename !== undefined && !options.paths.includes('-')) throw new UsageError('--stdin-filename needs "-" as the path');
  if ((options.fix || options.diff || options.watch) && options.command !== 'check') throw new UsageError('--fix, --diff and --watch are options of check');
  const stdinOrBaseline = options.paths.includes('-') ? '"-" (standard input)' : options.writeBaseline ? '--write-baseline' : undefined;
  if ((options.fix || options.diff) && stdinOrBaseline) throw new UsageError(`--fix and --diff cannot be combined with ${stdinOrBaseline}`);
  if (options.watch && (stdinOrBaseline || options.output || options.diff)) throw new UsageError('--watch cannot be combined with "-", --write-baseline, --output or --diff');
  if (options.command === 'readiness') {
    if (options.format !== 'text' && options.format !== 'json') throw new UsageError('readiness prints text or json');
    if (options.paths.length > 1) throw new UsageError('readiness takes one project root');
  }
  return options;
}

function parseRuleArgs(rest: string[]): RuleOptions {
  const options: RuleOptions = { command: 'rule', codes: [], all: false };
  for (const arg of rest) {
    if (arg === '--all') options.all = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.codes.push(arg.toUpperCase());
  }
  if (!options.all && options.codes.length === 0) throw new UsageError('rule needs a code (e.g. nb2prod rule NB101) or --all');
  return options;
}

function parseServeFunctionArgs(rest: string[]): ServeFunctionOptions {
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (rest.length === 0 || rest.length > 2) throw new UsageError('serve-function needs a notebook or module and, optionally, the function to serve');
  return { command: 'serve-function', target: rest[0], functionName: rest[1] };
}

function parseExportArgs(rest: string[]): ExportOptions {
  const notebooks = rest.filter((a) => !a.startsWith('-'));
  const unknown = rest.find((a) => a.startsWith('-') && a !== '--dry-run');
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (notebooks.length !== 1) throw new UsageError('export needs one notebook (e.g. nb2prod export notebooks/train.ipynb)');
  return { command: 'export', notebook: notebooks[0], dryRun: rest.includes('--dry-run') };
}
