// The public transparency figures are the same for everyone and change only when the
// KPI job refreshes the daily figures (every 10 minutes), but computing them reads the
// live overdue backlog (most of a second at ten million complaints). An unauthenticated
// page must not let every visitor pay that again: results are kept for a while, and
// visitors arriving while one is being computed share it.

export function ttlCache<V>(ttlMs: number, maxEntries: number) {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  return (key: string, now: number, load: () => Promise<V>): Promise<V> => {
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    entries.delete(key);
    const value = load();
    entries.set(key, { at: now, value });
    // A failure is not remembered: the next visitor tries again.
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    // Maps keep insertion order, so the first key is the oldest entry.
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return value;
  };
}
