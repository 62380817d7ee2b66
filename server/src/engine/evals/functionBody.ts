// The body of a function a notebook defines at the top level of a cell, read from its text.

/**
 * The first top-level `def name(` (or `async def`) in `source`: where it starts, and its text after `def name(` up to
 * the next unindented line. Undefined when the source defines no such function.
 */
export function topLevelFunction(source: string, name: string): { at: number; body: string } | undefined {
  const def = new RegExp(`^(?:async\\s+)?def\\s+${name}\\s*\\(`, 'm').exec(source);
  if (!def) return undefined;
  const next = /\n(?=[^\s#])/g;
  next.lastIndex = def.index + def[0].length;
  return { at: def.index, body: source.slice(def.index + def[0].length, next.exec(source)?.index ?? source.length) };
}
