// NB201: paths that only work on the author's machine.
import type { StringLiteral } from '../cellSummary';
import { isFileIo } from './io';
import { memoByObjectAnd } from './memo';

export type PathKind = 'home' | 'windows' | 'colab' | 'kaggle' | 'absolute';

export const DEFAULT_ALLOWED_PATHS = ['/opt/ml/', '/dev/', '/proc/', '/sys/', '/tmp/', '/var/tmp/'];

const DESCRIPTION: Record<PathKind, string> = {
  home: 'a path in a home folder',
  windows: 'a Windows drive path',
  colab: 'a Google Colab Drive path',
  kaggle: 'a Kaggle input path',
  absolute: 'an absolute path passed to file I/O',
};

export function describePath(kind: PathKind): string {
  return DESCRIPTION[kind];
}

export const classifyPath = memoByObjectAnd(classify);

function classify(literal: StringLiteral, allowed: readonly string[]): PathKind | undefined {
  const v = literal.value;
  if (v.length < 2 || v.length > 500 || /[\n\r]/.test(v) || /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return undefined;
  if (literal.context.suffix) return undefined; // `output_dir + "/results.json"` is relative to something else
  if (allowed.some((prefix) => v === prefix.replace(/\/$/, '') || v.startsWith(prefix))) return undefined;
  if (/^\/(?:home|Users)\/[^/\s]+/.test(v) || /^~(?:[/\\]|$)/.test(v)) return 'home';
  if (/^[A-Za-z]:(?:\\\\|\\|\/)/.test(v)) return /^[A-Za-z]:(?:\\\\|\\|\/)Users(?:\\\\|\\|\/)/i.test(v) ? 'home' : 'windows';
  if (/^\/content\/drive(?:\/|$)/.test(v)) return 'colab';
  if (/^\/kaggle\/input(?:\/|$)/.test(v)) return 'kaggle';
  if (/^\/[^\s/]/.test(v) && isFileIo(literal.context.callee)) return 'absolute';
  return undefined;
}
