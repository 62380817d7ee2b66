// "Declare the dependency": `!pip install x==1.2` in a cell becomes a line in
// requirements.txt (or pyproject.toml's [project] dependencies), and the install
// line leaves the notebook.
import type { MagicLine } from '../magics';

/** Requirement specs a pip install command names, or undefined when it installs something we cannot declare. */
export function pipInstallRequirements(magic: MagicLine): string[] | undefined {
  let words: string[];
  const name = magic.name;
  const args = magic.args.split(/\s+/).filter(Boolean);
  if ((name === 'pip' || name === 'pip3') && args[0] === 'install') words = args.slice(1);
  else if (/^python3?$/.test(name) && args[0] === '-m' && args[1] === 'pip' && args[2] === 'install') words = args.slice(3);
  else return undefined;
  const specs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/^["']|["']$/g, '');
    if (/^(?:-r|--requirement|-e|--editable|-c|--constraint|--target|-t|--prefix|--root)$/.test(w)) return undefined;
    if (/^(?:-i|--index-url|--extra-index-url|-f|--find-links)$/.test(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-') || w.startsWith('$') || w.startsWith('{')) continue;
    if (/[/\\]|^git\+|\.whl$|\.tar\.gz$|^\.$/.test(w)) return undefined; // local or VCS installs
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[A-Za-z0-9,._-]+\])?(?:\s*(?:==|>=|<=|~=|!=|>|<|===)\s*[A-Za-z0-9.*+!_-]+(?:,\s*(?:==|>=|<=|~=|!=|>|<)\s*[A-Za-z0-9.*+!_-]+)*)?$/.test(w)) return undefined;
    specs.push(w);
  }
  return specs.length ? specs : undefined;
}

/** PEP 503 normalised project name of a requirement spec. */
export function requirementName(spec: string): string {
  return (/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec)?.[0] ?? spec).toLowerCase().replace(/[-_.]+/g, '-');
}

/** Lines to append to requirements.txt for specs it does not list yet. */
export function requirementsAddition(existing: string | undefined, specs: string[]): string {
  const listed = new Set((existing ?? '').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).map(requirementName));
  const missing = specs.filter((s) => !listed.has(requirementName(s)));
  if (missing.length === 0) return '';
  const sep = existing && !existing.endsWith('\n') ? '\n' : '';
  return sep + missing.map((s) => `${s}\n`).join('');
}

/**
 * Where to insert specs into pyproject.toml's `[project] dependencies = [...]`:
 * the offset of the closing bracket and the text to put there, or undefined when
 * the file has no such array we can edit safely.
 */
export function pyprojectInsertion(text: string, specs: string[]): { offset: number; text: string } | undefined {
  const project = /^\[project\][ \t]*$/m.exec(text);
  if (!project) return undefined;
  const nextTable = /^\[/m.exec(text.slice(project.index + project[0].length));
  const end = nextTable ? project.index + project[0].length + nextTable.index : text.length;
  const section = text.slice(project.index, end);
  const deps = /^dependencies\s*=\s*\[([^\]]*)\]/m.exec(section);
  if (!deps) return undefined;
  const listed = new Set([...deps[1].matchAll(/["']([^"']+)["']/g)].map((m) => requirementName(m[1])));
  const missing = specs.filter((s) => !listed.has(requirementName(s)));
  if (missing.length === 0) return { offset: project.index + deps.index + deps[0].length - 1, text: '' };
  const closing = project.index + deps.index + deps[0].length - 1;
  const body = deps[1];
  const multiline = body.includes('\n');
  const hasItems = body.trim().length > 0;
  const trailingComma = /,\s*$/.test(body);
  const items = missing.map((s) => JSON.stringify(s));
  const inserted = multiline
    ? `${hasItems && !trailingComma ? ',' : ''}${items.map((i) => `\n    ${i},`).join('')}`
    : `${hasItems && !trailingComma ? ', ' : ''}${items.join(', ')}`;
  // In a multi-line array, insert before the whitespace that precedes `]`.
  const offset = multiline ? closing - (/\s*$/.exec(body)?.[0].length ?? 0) : closing;
  return { offset, text: inserted };
}
