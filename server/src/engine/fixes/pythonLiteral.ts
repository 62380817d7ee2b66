// Python literals as values, and values as TOML: what "Move to configuration"
// needs to write the same value the code had.

/** The runtime value of a Python string literal's source text, or undefined when it is not a plain literal (f-strings, bytes). */
export function decodeStringLiteral(source: string): string | undefined {
  const m = /^([A-Za-z]*)("{3}|'{3}|"|')([\s\S]*)\2$/.exec(source);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const body = m[3];
  if (prefix.includes('r')) return body;
  return body.replace(/\\(\r?\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]+\})/g, (_all, e: string) => {
    switch (e[0]) {
      case '\n':
      case '\r':
        return '';
      case 'a': return '\u0007';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'N':
        return _all; // named escapes: kept as written (rare in configuration values)
      default:
        return /[0-7]/.test(e[0]) ? String.fromCodePoint(parseInt(e, 8)) : e;
    }
  });
}

/** A Python int or float literal as a TOML value of the same type, or undefined. */
export function numberToToml(source: string): string | undefined {
  const text = source.replace(/_/g, '');
  if (/^[0-9]+$/.test(text) || /^0[xob][0-9a-f]+$/i.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? String(n) : undefined;
  }
  if (/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i.test(text)) {
    const n = Number(text);
    if (!Number.isFinite(n)) return undefined;
    // Keep it a float: TOML `1` would read back as an int.
    return Number.isInteger(n) && !/e/i.test(String(n)) ? `${n}.0` : String(n);
  }
  return undefined;
}

/** A string as a TOML basic string. JSON's escapes are a subset of TOML's. */
export function stringToToml(value: string): string {
  return JSON.stringify(value);
}

/** A configuration key from a name in the code: `DATA_PATH` → `data_path`. */
export function configKey(name: string | undefined, fallback: string): string {
  const key = (name ?? '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
  return /^[a-z_][a-z0-9_]*$/.test(key) ? key : fallback;
}
