// Finds the files a project is made of, bounded in count and time, without
// following links, skipping version control, environments, caches and folders
// too big to be code (data dumps).
import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '.env', 'env', '__pycache__', '.ipynb_checkpoints',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', '.nb2prod_cache', '.tox', '.nox', '.cache', 'site-packages', 'dist', 'build', '.idea', '.vscode',
  'mlruns', 'wandb', '.dvc',
]);
/** A folder with more entries than this is data, not code. */
const MAX_DIR_ENTRIES = 5000;

export interface ScanOptions {
  maxFiles?: number;
  /** Include folders that are projects of their own (default: skip them). */
  nested?: boolean;
  /** Stop after this many milliseconds (the scan reports it stopped early). */
  timeBudgetMs?: number;
}

export interface ScanResult {
  /** Paths relative to the root, with '/' separators, sorted. */
  files: string[];
  /** Why the scan stopped before the end, if it did. */
  truncated?: string;
}

// Also the build, run and data-version files the readiness checklist recognises.
const INTERESTING = /\.(?:ipynb|py|txt|toml|lock|ya?ml|jsonl|json|csv|cfg|ini|md|dvc|bicep)$|^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.Dockerfile$|^(?:Makefile|MLproject|MLmodel|Procfile|Jenkinsfile)$|^\.env\.(?:example|sample|template|dist)$/i;

export function scanProject(root: string, options: ScanOptions = {}): ScanResult {
  const maxFiles = options.maxFiles ?? 20_000;
  const deadline = Date.now() + (options.timeBudgetMs ?? 5_000);
  const files: string[] = [];
  let truncated: string | undefined;
  const walk = (dir: string, rel: string) => {
    if (truncated) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // vanished or unreadable: skip it, keep scanning
    }
    if (rel && entries.length > MAX_DIR_ENTRIES) return;
    for (const entry of entries) {
      if (files.length >= maxFiles) {
        truncated = `more than ${maxFiles} files`;
        return;
      }
      if (Date.now() > deadline) {
        truncated = `the scan took longer than ${options.timeBudgetMs ?? 5_000} ms`;
        return;
      }
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (SKIP_DIRS.has(entry.name) || fs.existsSync(path.join(dir, entry.name, 'pyvenv.cfg'))) continue;
        // A nested project (its own pyproject.toml) is scanned as a project of its own.
        if (!options.nested && fs.existsSync(path.join(dir, entry.name, 'pyproject.toml'))) continue;
        walk(path.join(dir, entry.name), childRel);
      } else if (entry.isFile() && INTERESTING.test(entry.name)) {
        files.push(childRel);
      }
    }
  };
  walk(root, '');
  files.sort();
  return { files, truncated };
}
