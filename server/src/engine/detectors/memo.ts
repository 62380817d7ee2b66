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
