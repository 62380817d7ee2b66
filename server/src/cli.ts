// Command-line entry point (bundled to dist/cli.js, `nb2prod` in package.json bin).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergeConfig } from './engine/config';
import { projectReadiness } from './engine/projectReadiness';
import { findProjectRoot, loadProjectConfig } from './engine/projectConfig';
import { Engine } from './engine/analyze';
import { defaultWasmDir } from './engine/parser';
import { SEVERITY_RANK, type Severity } from './engine/types';
import { runCheck } from './cli/check';
import { formatJson, formatSarif, formatText, type Format } from './cli/format';

declare const NB2PROD_VERSION: string | undefined;
const VERSION = typeof NB2PROD_VERSION === 'string' ? NB2PROD_VERSION : '0.0.0-dev';

const USAGE = `Usage: nb2prod check [paths...] [options]
       nb2prod readiness [root] [--format text|json]

Checks Jupyter notebooks (.ipynb) and percent-format scripts (# %% cells) for
notebook-state problems. Folders are searched recursively; the default is ".".

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on LEVEL            exit 1 when a finding is at or above LEVEL:
                             error|warning|information|hint|never (default: error)
  -o, --output FILE          write the report to FILE instead of standard output
  -h, --help                 show this help
  --version                  print the version

\`readiness\` prints the notebook-to-production checklist of a project (the folder
with pyproject.toml, requirements.txt or .git above root, default "."): eleven
steps, each done, partial or missing, with the reason, and a score out of 100.

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
  if (command !== 'check' && command !== 'readiness') throw new UsageError(`unknown command "${command}"`);
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
  if (command === 'readiness' && options.format === 'sarif') throw new UsageError('readiness prints text or json');
  if (command === 'readiness' && options.paths.length > 1) throw new UsageError('readiness takes one project root');
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
  if (options.command === 'readiness') return readiness(engine, options);
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

function readiness(engine: Engine, options: Options): number {
  const start = path.resolve(options.paths[0]);
  const root = findProjectRoot(start, undefined);
  const { config } = loadProjectConfig(root);
  const result = projectReadiness(engine, root, mergeConfig(config));
  let report: string;
  if (options.format === 'json') {
    report = JSON.stringify({ version: 1, score: result.score, items: result.items.map(({ id, title, status, reason }) => ({ id, title, status, reason })) }, null, 2) + '\n';
  } else {
    const mark = { done: '[x]', partial: '[~]', missing: '[ ]' } as const;
    const lines = result.items.map((i) => `${mark[i.status]} ${i.title.padEnd(58)} ${i.reason}`);
    report = `Production readiness of ${path.relative(process.cwd(), root) || '.'}: ${result.score}/100\n\n${lines.join('\n')}\n\n[x] done  [~] partial  [ ] missing\n`;
  }
  if (options.output) fs.writeFileSync(options.output, report);
  else process.stdout.write(report);
  return 0;
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
