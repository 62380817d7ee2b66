// Command-line entry point (bundled to dist/cli.js, `nb2prod` in package.json bin).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from './engine/analyze';
import { defaultWasmDir } from './engine/parser';
import { SEVERITY_RANK, type Severity } from './engine/types';
import { runCheck } from './cli/check';
import { formatJson, formatSarif, formatText, type Format } from './cli/format';

declare const NB2PROD_VERSION: string | undefined;
const VERSION = typeof NB2PROD_VERSION === 'string' ? NB2PROD_VERSION : '0.0.0-dev';

const USAGE = `Usage: nb2prod check [paths...] [options]

Checks Jupyter notebooks (.ipynb) and percent-format scripts (# %% cells) for
notebook-state problems. Folders are searched recursively; the default is ".".

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on LEVEL            exit 1 when a finding is at or above LEVEL:
                             error|warning|information|hint|never (default: error)
  -o, --output FILE          write the report to FILE instead of standard output
  -h, --help                 show this help
  --version                  print the version

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error.
Configuration: [tool.nb2prod] in the nearest pyproject.toml (select, ignore, severity, exclude).
`;

class UsageError extends Error {}

interface Options {
  command: string;
  paths: string[];
  format: Format;
  failOn: Severity | 'never';
  output?: string;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  const options: Options = { command, paths: [], format: 'text', failOn: 'error' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${v}"`);
        options.format = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (v !== 'never' && !(v in SEVERITY_RANK)) throw new UsageError(`--fail-on must be error, warning, information, hint or never, not "${v}"`);
        options.failOn = v as Options['failOn'];
        break;
      }
      case '-o':
      case '--output':
        options.output = value();
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`nb2prod: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const engine = await Engine.create(defaultWasmDir(__dirname), {
    onRuleError: (code, error) => process.stderr.write(`nb2prod: rule ${code} failed, its findings are missing: ${(error as Error).message}\n`),
  });
  const result = runCheck(engine, options.paths, process.cwd());
  const docsUri = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules.md')).toString();
  const report = options.format === 'json' ? formatJson(result) : options.format === 'sarif' ? formatSarif(result, VERSION, docsUri) : formatText(result);
  if (options.output) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(options.output, report);
  } else {
    process.stdout.write(report);
  }
  if (options.failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[options.failOn];
  const failed = result.files.some((f) => f.findings.some((x) => SEVERITY_RANK[x.severity] >= threshold));
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`nb2prod: internal error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 3;
  },
);
