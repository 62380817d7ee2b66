// What a project shows about its way to production, recognised from its files by the
// RECOGNISERS table: each fact names the files that show it. Reads only code and
// configuration files, each at most MAX_FILE_BYTES, at most MAX_FILES_READ of them, and
// never a notebook (notebooks are what is being taken to production, not the evidence).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPercentScript } from '../percent';
import { parseEnvironmentYml, type DeclaredDependency } from '../project/dependencies';
import { RECOGNISERS, type FactKind, type Recogniser } from './recognisers';

export const MAX_FILES_READ = 1500;
export const MAX_FILE_BYTES = 256 * 1024;

export interface Fact {
  kind: FactKind;
  label: string;
  /** Project-relative files that show it, in path order. */
  files: string[];
}

export interface ProjectFacts {
  facts: Fact[];
  /** Conda environment files below the root (the project model reads only the root one). */
  condaDependencies: DeclaredDependency[];
  /** Why some files were not read, if any were not. */
  truncated?: string;
}

const TEST_PATH = /(?:^|\/)(?:tests?\/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)/;
const NOTEBOOK_SCRIPT = /^# In\[[\d ]*\]:/m;
const NESTED_CONDA = /(?:^|\/)(?:environment|conda[\w-]*)\.ya?ml$/;

/** Dotted names a Python file imports: `from ray import serve` gives `ray` and `ray.serve`. */
export function importedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm)) {
    for (const part of m[1].split(',')) names.add(part.trim().split(/\s+/)[0]);
  }
  for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(?:\(([^)]*)\)|([^\n#;]*))/gm)) {
    names.add(m[1]);
    for (const part of (m[2] ?? m[3]).split(',')) {
      const name = part.trim().split(/\s+/)[0];
      if (/^\w+$/.test(name)) names.add(`${m[1]}.${name}`);
    }
  }
  return names;
}

function importsAny(names: Set<string>, specs: string[]): boolean {
  for (const name of names) if (specs.some((s) => name === s || name.startsWith(`${s}.`))) return true;
  return false;
}

/** The recognisers that could apply to a file, before reading it. */
function candidates(rel: string): Recogniser[] {
  const isPy = rel.endsWith('.py');
  const isTest = TEST_PATH.test(rel);
  return RECOGNISERS.filter((r) => {
    if (r.codeOnly && (!isPy || isTest)) return false;
    if (r.path) return r.path.test(rel);
    return isPy; // import- or text-only recognisers look at Python files
  });
}

function readBounded(root: string, rel: string): string | undefined {
  try {
    const full = path.join(root, rel);
    if (fs.statSync(full).size > MAX_FILE_BYTES) return undefined;
    const text = fs.readFileSync(full, 'utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

export function recogniseFacts(root: string, files: readonly string[]): ProjectFacts {
  const found = new Map<Recogniser, string[]>();
  const condaDependencies: DeclaredDependency[] = [];
  let read = 0;
  let truncated: string | undefined;
  const packages = new Set(files.filter((f) => f.endsWith('/__init__.py')).map((f) => path.posix.dirname(f)));
  const inPackage = (rel: string) => rel.startsWith('src/') || packages.has(path.posix.dirname(rel));
  const notebooks = new Set(files.filter((f) => f.endsWith('.ipynb')).map((f) => f.replace(/\.ipynb$/, '')));
  for (const rel of files) {
    // A script next to a notebook of the same name is its export (jupytext, nbconvert): still notebook code.
    if (rel.endsWith('.ipynb') || (rel.endsWith('.py') && notebooks.has(rel.replace(/\.py$/, '')))) continue;
    const applicable = candidates(rel);
    const needsText = applicable.some((r) => r.text || r.imports) || (NESTED_CONDA.test(rel) && rel.includes('/'));
    let text: string | undefined;
    if (needsText) {
      if (read >= MAX_FILES_READ) {
        truncated ??= `only the first ${MAX_FILES_READ} code and configuration files were read`;
      } else {
        read++;
        text = readBounded(root, rel);
      }
    }
    // nbconvert exports and percent-format scripts are notebook code too, except inside a
    // package, where `# %%` marks sections of a module.
    if (text !== undefined && rel.endsWith('.py') && (NOTEBOOK_SCRIPT.test(text) || (isPercentScript(text) && !inPackage(rel)))) continue;
    if (text !== undefined && NESTED_CONDA.test(rel) && rel.includes('/')) condaDependencies.push(...parseEnvironmentYml(rel, text));
    const names = text !== undefined && rel.endsWith('.py') ? importedNames(text) : undefined;
    for (const r of applicable) {
      if ((r.text || r.imports) && text === undefined) continue;
      if (r.imports && !importsAny(names ?? new Set(), r.imports)) continue;
      if (r.text && !r.text.test(text!)) continue;
      const list = found.get(r) ?? [];
      list.push(rel);
      found.set(r, list);
    }
  }
  // One fact per kind and label, in table order.
  const facts: Fact[] = [];
  for (const r of RECOGNISERS) {
    const list = found.get(r);
    if (!list) continue;
    const same = facts.find((f) => f.kind === r.kind && f.label === r.label);
    if (same) same.files = [...new Set([...same.files, ...list])].sort();
    else facts.push({ kind: r.kind, label: r.label, files: list });
  }
  return { facts, condaDependencies, truncated };
}

export function factsOf(facts: ProjectFacts, ...kinds: FactKind[]): Fact[] {
  return facts.facts.filter((f) => kinds.includes(f.kind));
}
