import { describe, expect, it } from 'vitest';
import { newBinding } from '../../src/server/binding.ts';
import { isFlowId, randomId } from '../../src/server/ids.ts';
import { randomBytes } from '../../src/server/random.ts';

describe('randomBytes', () => {
  it('hands out each byte of its pool once, across refills, and larger draws straight from the CSPRNG', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) {
      const bytes = randomBytes(24);
      expect(bytes).toHaveLength(24);
      seen.add(Buffer.from(bytes).toString('hex'));
    }
    expect(seen.size).toBe(2_000);
    expect(randomBytes(10_000)).toHaveLength(10_000);
  });

  it('makes flow IDs and bindings that never repeat', () => {
    const ids = Array.from({ length: 1_000 }, randomId);
    expect(ids.every(isFlowId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const bindings = Array.from({ length: 1_000 }, newBinding);
    expect(bindings.every((binding) => /^[A-Za-z0-9_-]{43}$/.test(binding))).toBe(true);
    expect(new Set(bindings).size).toBe(bindings.length);
  });

  it('takes as a flow ID only a string of 24 base64url characters', () => {
    const id = randomId();
    expect([id, 'A'.repeat(24), '_-'.repeat(12)].every(isFlowId)).toBe(true);
    expect(
      [[id], { toString: () => id }, 'A'.repeat(23), 'A'.repeat(25), `${'A'.repeat(23)}=`].some(isFlowId),
    ).toBe(false);
  });
});
