import { describe, expect } from 'vitest';
import { test as it } from '../helpers/fixtures.ts';
import { settle, uniquePhone } from '../helpers/flow.ts';

it.override('serverOptions', { scope: 'file' }, { rateLimit: { max: 1, windowMs: 60_000 } });

describe('a server that rate-limits', () => {
  it('rateLimited (429, E130429) reads Retry-After', async ({ flow }) => {
    const send = async () => {
      const actor = flow({ channel: 'sms', resendCooldownMs: 0 });
      actor.send({ type: 'SEND', loginId: uniquePhone() });
      return settle(actor);
    };
    expect((await send()).matches('awaitingCode')).toBe(true);
    const snapshot = await send();
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.error).toMatchObject({ kind: 'rateLimited', errorCode: 'E130429' });
    const { retryAfterMs } = snapshot.context.error as { retryAfterMs: number };
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(snapshot.can({ type: 'SEND', loginId: uniquePhone() })).toBe(false);
  });
});
