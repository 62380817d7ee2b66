// "Move prompts to files" (NB506): each prompt literal goes to
// prompts/<notebook>/<name>.txt, byte for byte the string the code had, and the
// code reads it back through a small loader that also gives the file's hash as the
// prompt's version. f-strings become `.format(...)` of the same names, so the
// notebook computes the same text. Pure: the glue turns the plan into one edit.
import { configName } from './moveToConfig';
import { configKey, decodeStringLiteral } from './pythonLiteral';
import type { CellInput, Range } from '../types';

export const PROMPT_LOADER_MODULE = 'nb_prompts';
export const PROMPT_LOADER_FILE = `${PROMPT_LOADER_MODULE}.py`;

/** The loader written next to notebooks, once: standard library only. */
export const PROMPT_LOADER_SOURCE = `"""Prompts kept in files under prompts/, each with a version.

Written by nb2prod's "Move prompts to files": a prompt changes like configuration,
so it lives in a file, and prompt_version() gives the hash to record with every
output. Only the standard library.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def _prompt_file(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        candidate = folder / "prompts" / f"{name}.txt"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"prompts/{name}.txt was not found in {here} or above")


def load_prompt(name: str) -> str:
    """The text of prompts/<name>.txt, exactly as written."""
    return _prompt_file(name).read_text(encoding="utf-8")


def prompt_version(name: str) -> str:
    """The first 12 hex digits of the prompt file's SHA-256: record it with every output."""
    return hashlib.sha256(_prompt_file(name).read_bytes()).hexdigest()[:12]
`;

export interface PromptLiteral {
  cell: number;
  range: Range;
  /** Source text of the literal as written. */
  source: string;
  /** Variable or keyword it is bound to. */
  name: string;
}

export interface MovePromptsPlan {
  cellEdits: { cell: number; range: Range; newText: string }[];
  /** Files to create, relative to the project root. */
  files: { path: string; text: string }[];
  moved: number;
}

const F_STRING = /^([A-Za-z]*)("{3}|'{3}|"|')([\s\S]*)\2$/;

/** The template text and the names to format it with; undefined unless every field is a plain name. */
function fStringTemplate(source: string): { text: string; names: string[] } | undefined {
  const m = F_STRING.exec(source);
  if (!m || !/f/i.test(m[1]) || /b/i.test(m[1])) return undefined;
  // Decode the escapes as a plain string would, keeping the braces.
  const plain = decodeStringLiteral(`${m[1].replace(/f/gi, '')}${m[2]}${m[3]}${m[2]}`);
  if (plain === undefined) return undefined;
  const names: string[] = [];
  let ok = true;
  plain.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (t, inner: string | undefined) => {
    if (t === '{{' || t === '}}') return t;
    if (inner === undefined || !/^\s*[A-Za-z_]\w*\s*$/.test(inner)) ok = false;
    else if (!names.includes(inner.trim())) names.push(inner.trim());
    return t;
  });
  return ok ? { text: plain.replace(/\{\s*([A-Za-z_]\w*)\s*\}/g, '{$1}'), names } : undefined;
}

function topOf(source: string): number {
  return /^\s*%%/.test(source) ? 1 : 0;
}

/**
 * @param exists whether a project-relative path exists already (a prompt file is never overwritten).
 */
export function planMovePrompts(cells: readonly CellInput[], notebookStem: string, literals: PromptLiteral[], exists: (path: string) => boolean): MovePromptsPlan | undefined {
  const folder = `prompts/${configName(notebookStem)}`;
  const used = new Set<string>();
  const plan: MovePromptsPlan = { cellEdits: [], files: [], moved: 0 };
  for (const literal of literals) {
    const plain = decodeStringLiteral(literal.source);
    const template = plain === undefined ? fStringTemplate(literal.source) : undefined;
    const text = plain ?? template?.text;
    if (text === undefined) continue;
    const base = configKey(literal.name, 'prompt');
    let key = base;
    for (let i = 2; used.has(key) || exists(`${folder}/${key}.txt`); i++) key = `${base}_${i}`;
    used.add(key);
    const load = `load_prompt("${configName(notebookStem)}/${key}")`;
    const format = template && template.names.length ? `.format(${template.names.map((n) => `${n}=${n}`).join(', ')})` : template ? '.format()' : '';
    plan.cellEdits.push({ cell: literal.cell, range: literal.range, newText: `${load}${format}` });
    plan.files.push({ path: `${folder}/${key}.txt`, text });
    plan.moved++;
  }
  if (plan.moved === 0) return undefined;
  const first = plan.cellEdits[0].cell;
  const imported = cells.some((c) => c.kind === 'code' && /from nb_prompts import[^\n]*\bload_prompt\b/.test(c.source));
  if (!imported) {
    const line = topOf(cells[first].source);
    plan.cellEdits.unshift({ cell: first, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `from ${PROMPT_LOADER_MODULE} import load_prompt, prompt_version\n` });
  }
  return plan;
}
