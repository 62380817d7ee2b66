// What a notebook says about its own dependencies: the packages it installs
// (`%pip install x`, `!pip install -r requirements.txt`, a `%%writefile
// requirements.txt` cell) and the modules it writes or puts on `sys.path` itself.
// NB402 counts these as declared: the notebook is its own environment file.
import * as path from 'node:path';
import type { CodeCell } from '../dataflow';
import { requirementName } from '../fixes/declareDependency';
import type { CellInput } from '../types';
import { parseEnvironmentYml, parseRequirements } from './dependencies';
import type { ProjectModel } from './model';

export interface NotebookDeclarations {
  /** PEP 503 names the notebook installs. */
  installed: Set<string>;
  /** Requirement specs as the notebook writes them, in order (for a requirements.txt it lacks). */
  specs: string[];
  /** It installs something we cannot read (a variable, a missing requirements file): every import counts as declared. */
  installsUnknown: boolean;
  /** Top-level module names it writes (`%%writefile utils.py`) or finds on a folder it adds to `sys.path`. */
  localModules: Set<string>;
  /** It puts on `sys.path` a folder we cannot see: any import may be local. */
  unknownPath: boolean;
}

const CONDA_WRITTEN = /(?:^|\/)[\w.-]*(?:conda|environment|env)[\w.-]*\.ya?ml$/i;
const INSTALL = /(?:^|[\s/!%])(?:pip3?|uv\s+pip|conda|mamba)\s+install\s+(.*)$/;
const OPTIONS_WITH_VALUE = /^(?:-i|--index-url|--extra-index-url|-f|--find-links|-c|--constraint|--target|-t|--prefix|--root|--upgrade-strategy|--platform|--python-version|--only-binary|--no-binary|--channel|--progress-bar|--cache-dir|--src)$/;

/** The notebook's directory relative to the project root ('' at the root). */
function notebookDir(notebookPath: string | undefined): string {
  const dir = notebookPath ? path.posix.dirname(notebookPath) : '.';
  return dir === '.' ? '' : dir;
}

function resolve(dir: string, target: string): string {
  return path.posix.normalize(path.posix.join(dir, target)).replace(/\/$/, '');
}

/** Cell source lines `from`..`to` joined, backslash continuations removed. */
function commandText(source: string, from: number, to: number): string {
  return source.split('\n').slice(from, to + 1).map((l) => l.replace(/\\\s*$/, ' ')).join(' ');
}

export function notebookDeclarations(cells: readonly CellInput[], codeCells: readonly CodeCell[], project: ProjectModel, notebookPath?: string): NotebookDeclarations {
  const out: NotebookDeclarations = { installed: new Set(), specs: [], installsUnknown: false, localModules: new Set(), unknownPath: false };
  const dir = notebookDir(notebookPath);
  const written = new Map<string, string>();
  const addSpec = (spec: string) => {
    out.installed.add(requirementName(spec));
    if (!out.specs.some((s) => requirementName(s) === requirementName(spec))) out.specs.push(spec);
  };
  // Files the notebook writes: requirements lists and modules.
  for (const c of codeCells) {
    const source = cells[c.index].source;
    const m = /^\s*%%writefile\s+(?:-a\s+|--append\s+)?["']?([^\s"']+)/.exec(source);
    if (!m) continue;
    const file = resolve(dir, m[1]);
    written.set(file, source.slice(source.indexOf('\n') + 1));
    if (file.endsWith('.py')) for (const part of file.replace(/\.py$/, '').split('/')) if (/^[A-Za-z_]\w*$/.test(part)) out.localModules.add(part);
    // A conda environment written for a job (`%%writefile src/conda.yaml`): the notebook names what it runs with.
    if (CONDA_WRITTEN.test(file) && /^dependencies\s*:/m.test(written.get(file) ?? '')) for (const d of parseEnvironmentYml(file, written.get(file) ?? '')) out.installed.add(d.name);
  }
  // A module the notebook names as a file (`code_paths=["wrapper.py"]`, `!python train.py`) is its own code.
  for (const c of codeCells) for (const m of cells[c.index].source.matchAll(/([A-Za-z_]\w*)\.py\b/g)) out.localModules.add(m[1]);
  const requirementsFile = (target: string) => {
    const file = resolve(dir, target);
    const text = written.get(file);
    if (text !== undefined) return parseRequirements(file, text).forEach((d) => addSpec(d.spec));
    const deps = project.dependencies.filter((d) => d.file === file);
    if (deps.length > 0) return deps.forEach((d) => addSpec(d.spec));
    out.installsUnknown = true; // a file we cannot read, or that another step provides
  };
  const installWords = (words: string[]) => {
    for (let i = 0; i < words.length; i++) {
      const w = words[i].replace(/^["']|["']$/g, '');
      if (w === '-r' || w === '--requirement') {
        requirementsFile(words[++i] ?? '');
        continue;
      }
      if (w.startsWith('--requirement=')) {
        requirementsFile(w.slice('--requirement='.length));
        continue;
      }
      if (OPTIONS_WITH_VALUE.test(w)) {
        i++;
        continue;
      }
      const wheel = /(?:^|\/)([A-Za-z0-9_.]+)-\d[^/]*\.(?:whl|tar\.gz|zip)$/.exec(w);
      if (wheel) {
        addSpec(wheel[1]);
        continue;
      }
      if (w.startsWith('-') || w === '.' || w.startsWith('./') || w.startsWith('../')) continue;
      if (/[$]|^\{/.test(w)) {
        out.installsUnknown = true;
        continue;
      }
      if (/^(?:git\+|https?:\/\/)/.test(w)) {
        // `git+https://host/org/name.git@ref#egg=pkg`: the egg name, else the repository's.
        const egg = /#egg=([A-Za-z0-9_.-]+)/.exec(w)?.[1];
        const repo = w.replace(/#.*$/, '').replace(/@[^/]*$/, '').replace(/\.git$/, '').split('/').filter(Boolean).pop();
        if (egg ?? repo) addSpec((egg ?? repo)!);
        continue;
      }
      if (/^[A-Za-z0-9]/.test(w)) addSpec(w);
    }
  };
  for (const c of codeCells) {
    const source = cells[c.index].source;
    for (const magic of c.summary.magics) {
      for (const command of commandText(source, magic.line, magic.endLine).slice(magic.column).split(/&&|\|\||;|\|/)) {
        const m = INSTALL.exec(command.replace(/\s\d?>\S*.*$/, ''));
        if (m) installWords(m[1].split(/\s+/).filter(Boolean));
      }
    }
    // `sys.path.append("../src")`: the modules of that folder are local.
    for (const m of source.matchAll(/sys\.path\.(?:append|insert)\s*\(\s*(?:\d+\s*,\s*)?([^\n]*)\)/g)) {
      const literal = /^(?:r|f)?["']([^"'{}]*)["']\s*$/.exec(m[1].trim());
      const target = literal ? literal[1] : /^(?:os\.path\.abspath|str)\s*\(\s*["']([^"'{}]*)["']\s*\)$/.exec(m[1].trim())?.[1];
      if (target === undefined || target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
        out.unknownPath = true;
        continue;
      }
      const folder = resolve(dir, target);
      if (folder === '..' || folder.startsWith('../')) {
        out.unknownPath = true;
        continue;
      }
      const prefix = folder === '.' || folder === '' ? '' : `${folder}/`;
      const modules = project.files.filter((f) => f.startsWith(prefix) && f.endsWith('.py'));
      if (modules.length === 0) out.unknownPath = true; // a folder made later, or not in the scan
      for (const f of modules) out.localModules.add(f.slice(prefix.length).split('/')[0].replace(/\.py$/, ''));
    }
  }
  return out;
}
