// The Python that has IPython, ipykernel and nbclient: NB2PROD_PYTHON, else the
// virtual environment .ci/run creates in .cache/pyenv. Oracle tests fail (not skip)
// without it: CI must set it up.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './engine';

export function oraclePython(): string {
  const fromEnv = process.env.NB2PROD_PYTHON;
  if (fromEnv) return fromEnv;
  const venv = path.join(REPO_ROOT, '.cache', 'pyenv', 'bin', 'python');
  if (fs.existsSync(venv)) return venv;
  throw new Error('No oracle Python: run `bash .ci/setup-python.sh` (creates .cache/pyenv with ipykernel and nbclient) or set NB2PROD_PYTHON.');
}

export function runPython(script: string, args: string[], input?: string): string {
  return execFileSync(oraclePython(), [path.join(REPO_ROOT, script), ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
}
