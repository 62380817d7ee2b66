// "Move to configuration": literals go to configs/<notebook>.toml and the code
// reads them back through a small standard-library loader. Pure: the caller reads
// the existing files and turns the plan into one WorkspaceEdit.
import type { CellInput, Range } from '../types';
import { configKey, decodeStringLiteral, numberToToml, stringToToml } from './pythonLiteral';

export interface LiteralTarget {
  cell: number;
  range: Range;
  /** The literal's source text as written in the cell. */
  source: string;
  kind: 'string' | 'number';
  /** A name from the context: assignment target, keyword, or the finding's suggestion. */
  keyHint?: string;
}

export interface CellEdit {
  cell: number;
  range: Range;
  newText: string;
}

export interface MoveToConfigPlan {
  cellEdits: CellEdit[];
  /** TOML text to append to the configuration file (the whole file when it is new). */
  configText: string;
  /** Keys written, in order, with their TOML values. */
  entries: { key: string; toml: string }[];
}

export const LOADER_MODULE = 'nb_config';
export const LOADER_FILE = `${LOADER_MODULE}.py`;

/** The loader written next to notebooks, once: standard library only. */
export const LOADER_SOURCE = `"""Notebook configuration, read from configs/<name>.toml.

Written by nb2prod's "Move to configuration": values that change between
environments live in configuration, not in code. Only the standard library.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib


@lru_cache(maxsize=None)
def load_config(name: str) -> dict:
    """The table in configs/<name>.toml, in this folder or the nearest folder above it."""
    here = Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        candidate = folder / "configs" / f"{name}.toml"
        if candidate.is_file():
            with candidate.open("rb") as fh:
                return tomllib.load(fh)
    raise FileNotFoundError(f"configs/{name}.toml was not found in {here} or above")
`;

export function configName(notebookStem: string): string {
  const name = notebookStem.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '');
  return name || 'notebook';
}

/** `CONFIG = load_config("name")` somewhere in the notebook already? */
export function hasConfigSetup(cells: readonly CellInput[], name: string): boolean {
  return cells.some((c) => c.kind === 'code' && c.source.includes(`load_config("${name}")`));
}

/** The first line of a new configuration file. */
export function configHeader(name: string): string {
  return `# Configuration for the ${name} notebook, read with nb_config.load_config("${name}").\n`;
}

export function setupLines(name: string): string {
  return `from ${LOADER_MODULE} import load_config\nCONFIG = load_config("${name}")\n`;
}

/** The TOML value a literal stands for, or undefined when it cannot move (f-strings, bytes). */
export function tomlValueOf(target: LiteralTarget): string | undefined {
  if (target.kind === 'number') return numberToToml(target.source);
  const value = decodeStringLiteral(target.source);
  return value === undefined ? undefined : stringToToml(value);
}

export function planMoveToConfig(
  cells: readonly CellInput[],
  name: string,
  targets: readonly LiteralTarget[],
  existing: Record<string, unknown> | undefined,
): MoveToConfigPlan | undefined {
  const used = new Map<string, string>();
  for (const [key, value] of Object.entries(existing ?? {})) {
    const toml = typeof value === 'string' ? stringToToml(value) : typeof value === 'number' ? numberToToml(String(value)) : undefined;
    used.set(key, toml ?? '\u0000'); // keys of other types are taken, never reused
  }
  const entries: { key: string; toml: string }[] = [];
  const cellEdits: CellEdit[] = [];
  for (const target of targets) {
    const toml = tomlValueOf(target);
    if (toml === undefined) continue;
    const base = configKey(target.keyHint, target.kind === 'number' ? 'value' : 'setting');
    let key = base;
    for (let n = 2; used.has(key) && used.get(key) !== toml; n++) key = `${base}_${n}`;
    if (!used.has(key)) {
      used.set(key, toml);
      entries.push({ key, toml });
    }
    cellEdits.push({ cell: target.cell, range: target.range, newText: `CONFIG["${key}"]` });
  }
  if (cellEdits.length === 0) return undefined;

  if (!hasConfigSetup(cells, name)) {
    const first = cells.findIndex((c) => c.kind === 'code' && !/^\s*%%/.test(c.source));
    if (first < 0) return undefined;
    cellEdits.push({ cell: first, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: setupLines(name) });
  }
  const header = existing === undefined ? configHeader(name) : '';
  const configText = header + entries.map((e) => `${e.key} = ${e.toml}\n`).join('');
  return { cellEdits, configText, entries };
}
