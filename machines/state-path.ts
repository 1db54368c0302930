/** A state value as a dotted path (`'idle'`, `'awaitingCode.valid'`), or undefined when it is not one. */
export function statePath(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) return undefined;
  const child = statePath(entry[1]);
  return child === undefined ? undefined : `${entry[0]}.${child}`;
}
