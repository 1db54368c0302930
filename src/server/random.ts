const poolSize = 4096;
let pool = new Uint8Array(0);
let used = 0;

/**
 * `count` bytes from the platform's CSPRNG, each handed out once: drawn 4 KiB at a time (as Node's
 * `randomUUID` caches its entropy) rather than one CSPRNG call per ID.
 */
export function randomBytes(count: number): Uint8Array {
  // Stryker disable next-line EqualityOperator,ConditionalExpression: a draw of exactly poolSize bytes is fresh CSPRNG output either way, and so is every draw if the pool is always bypassed
  if (count > poolSize) return crypto.getRandomValues(new Uint8Array(count));
  // Stryker disable next-line EqualityOperator,ConditionalExpression: refilling when the pool is exactly used up, or on every draw, only draws fresh CSPRNG output sooner
  if (used + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(poolSize));
    used = 0;
  }
  const bytes = pool.slice(used, used + count);
  pool.fill(0, used, used + count);
  used += count;
  return bytes;
}
