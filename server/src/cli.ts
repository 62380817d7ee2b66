// Command-line entry point (bundled to dist/cli.js, `nb2prod` in package.json bin):
// parses the arguments and hands over to one module per command in cli/. User
// mistakes exit 2 with one line; only a bug exits 3 with a stack trace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from './engine/analyze';
import { defaultWasmDir } from './engine/parser';
import { VERSION } from './shared/buildInfo';
import { USAGE, UsageError, parseArgs } from './cli/args';
import { CheckError } from './cli/check';
import { checkCommand, type Io } from './cli/checkCommand';
import { exportCommand } from './cli/export';
import { readinessCommand } from './cli/readinessCommand';
import { ruleCommand } from './cli/ruleCommand';
import { serveFunctionCommand } from './cli/serveFunction';
import { engineIdentity } from './run/cache';
import { CLI_ENGINE_OPTIONS } from './run/models';

/** The check pool's worker bundle, next to this one. */
const WORKER = path.join(__dirname, 'checkWorker.js');

async function main(argv: string[], io: Io): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (options === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (options.command === 'rule') return ruleCommand(options, io);
    let ruleFailures = 0;
    const engine = await Engine.create(defaultWasmDir(__dirname), {
      ...CLI_ENGINE_OPTIONS,
      onRuleError: (code, error) => {
        ruleFailures++;
        io.stderr.write(`nb2prod: rule ${code} failed, its findings are missing: ${(error as Error).message}\n`);
      },
    });
    // awaited here, so a CheckError of the async check is caught below
    if (options.command === 'serve-function') return serveFunctionCommand(engine, options, io);
    if (options.command === 'export') return exportCommand(engine, options, io);
    return await (options.command === 'readiness' ? readinessCommand(engine, options, io)
      : checkCommand(engine, options, io, {
        engineId: engineIdentity(VERSION, [__filename, WORKER]), ruleFailures: () => ruleFailures, workerFile: fs.existsSync(WORKER) ? WORKER : undefined,
      }));
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`nb2prod: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof CheckError) {
      io.stderr.write(`nb2prod: error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

const io: Io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

// A reader that stops early (`nb2prod check … | head`) closes the pipe: stop quietly, as grep does.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`nb2prod: internal error (please report it): ${(error as Error).stack ?? error}\n`);
    process.exitCode = 3;
  },
);
