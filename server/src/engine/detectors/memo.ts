// Cell summaries are cached by cell text, so the literal objects in them are the
// same from one keystroke to the next: a detector's verdict on a literal can be
// cached on the object itself, and only edited cells are looked at again.

export function memoByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, { value: V }>();
  return (key: K) => {
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = { value: compute(key) }));
    return hit.value;
  };
}

/** Like memoByObject, for verdicts that also depend on an option object (kept per option identity). */
export function memoByObjectAnd<K extends object, O extends object, V>(compute: (key: K, option: O) => V): (key: K, option: O) => V {
  const byOption = new WeakMap<O, (key: K) => V>();
  return (key: K, option: O) => {
    let memo = byOption.get(option);
    if (!memo) byOption.set(option, (memo = memoByObject((k: K) => compute(k, option))));
    return memo(key);
  };
}

/**
 * For verdicts on a cell's text asked at every keystroke of every cell: kept per text (strings cannot be WeakMap
 * keys), and forgotten all at once past `limit` texts so an editing session does not grow without end.
 */
export function memoByText<V>(compute: (text: string) => V, limit = 50_000): (text: string) => V {
  const cache = new Map<string, { value: V }>();
  return (text: string) => {
    let hit = cache.get(text);
    if (!hit) {
      if (cache.size >= limit) cache.clear();
      cache.set(text, (hit = { value: compute(text) }));
    }
    return hit.value;
  };
}
