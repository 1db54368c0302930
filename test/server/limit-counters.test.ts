import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/server/hash.ts';
import {
  isLimitName,
  type LimitCounter,
  type LimitCounterOptions,
  limitNames,
} from '../../src/server/index.ts';
import { memoryLimiter } from '../../src/server/limiters.ts';
import { clientKey, createLimits } from '../../src/server/limits.ts';

type Call = { name: string; op: 'consume' | 'reward'; key: string };

/** Counters that record each call and answer what `answer` says for a limit. */
function recording(answer: (name: string) => Promise<unknown> = () => Promise.resolve({})) {
  const calls: Call[] = [];
  const made: LimitCounterOptions[] = [];
  const limiter = (options: LimitCounterOptions): LimitCounter => {
    made.push(options);
    return {
      consume: (key) => {
        calls.push({ name: options.name, op: 'consume', key });
        return answer(options.name);
      },
      reward: async (key) => {
        calls.push({ name: options.name, op: 'reward', key });
      },
    };
  };
  return { calls, made, limiter };
}

const over = (msBeforeNext: number) => Promise.reject({ msBeforeNext, remainingPoints: 0 });
const keyOf = async (value: string) => (await sha256(value)).slice(0, 24);

describe('limit names', () => {
  it('are the four limits of OtpLimits', () => {
    expect(limitNames).toEqual(['perClientIp', 'global', 'perDestination', 'failedVerifiesPerDestination']);
    expect(isLimitName('global')).toBe(true);
    expect(isLimitName('perIp')).toBe(false);
  });
});

describe('createLimits', () => {
  it('makes a counter for each limit that is on, with its defaults', () => {
    const { made, limiter } = recording();
    expect(createLimits(undefined, limiter).isOn).toBe(true);
    expect(made).toEqual([
      { name: 'perClientIp', points: 30, duration: 600 },
      { name: 'perDestination', points: 5, duration: 3600 },
      { name: 'failedVerifiesPerDestination', points: 10, duration: 3600 },
    ]);
  });

  it('takes a rule in place of a default, and false turns one or all off', () => {
    const some = recording();
    createLimits({ global: { max: 1, windowSeconds: 1 }, perDestination: false }, some.limiter);
    expect(some.made.map(({ name, points, duration }) => [name, points, duration])).toEqual([
      ['perClientIp', 30, 600],
      ['global', 1, 1],
      ['failedVerifiesPerDestination', 10, 3600],
    ]);
    const none = recording();
    expect(createLimits(false, none.limiter).isOn).toBe(false);
    const allOff = {
      perClientIp: false,
      perDestination: false,
      failedVerifiesPerDestination: false,
    } as const;
    expect(createLimits(allOff, none.limiter).isOn).toBe(false);
    expect(none.made).toEqual([]);
  });

  it.each([
    { max: 0, windowSeconds: 60 },
    { max: -1, windowSeconds: 60 },
    { max: 1.5, windowSeconds: 60 },
    { max: 2 ** 53, windowSeconds: 60 },
    { max: 1, windowSeconds: 0 },
    { max: 1, windowSeconds: -1 },
    { max: 1, windowSeconds: 0.5 },
    { max: '1', windowSeconds: 60 },
    { windowSeconds: 60 },
    { max: 1 },
    null,
    true,
    'off',
  ])('refuses the rule %j', (rule) => {
    expect(() => createLimits({ perDestination: rule as never }, recording().limiter)).toThrow(
      new TypeError('limits.perDestination must be { max, windowSeconds } with whole numbers, or false'),
    );
  });

  it('charges every send limit that is on, under a hashed key, and refunds them', async () => {
    const { calls, limiter } = recording();
    const limits = createLimits({ global: { max: 9, windowSeconds: 9 } }, limiter);
    const result = await limits.send('ada@example.com', '2001:db8::1');
    expect(result.kind).toBe('charged');
    const consumed = [
      { name: 'perClientIp', op: 'consume', key: await keyOf('2001:db8:0:0::/64') },
      { name: 'global', op: 'consume', key: await keyOf('all') },
      { name: 'perDestination', op: 'consume', key: await keyOf('ada@example.com') },
    ];
    expect(calls).toEqual(consumed);
    if (result.kind === 'charged') await result.charge.refund();
    expect(calls.slice(3)).toEqual(consumed.map((call) => ({ ...call, op: 'reward' })));
  });

  it('leaves the per-IP limit out without a client IP, and verifies charge the wrong-code limit alone', async () => {
    const { calls, limiter } = recording();
    const limits = createLimits(undefined, limiter);
    await limits.send('ada@example.com', undefined);
    await limits.verify('ada@example.com');
    expect(calls.map(({ name }) => name)).toEqual(['perDestination', 'failedVerifiesPerDestination']);
  });

  it('refuses with the first limit reached and the longest wait, and gives back the points it took', async () => {
    const { calls, limiter } = recording((name) =>
      name === 'perClientIp' ? Promise.resolve({}) : over(name === 'global' ? 1_000 : 9_000),
    );
    const limits = createLimits({ global: { max: 9, windowSeconds: 9 } }, limiter);
    expect(await limits.send('ada@example.com', '192.0.2.1')).toEqual({
      kind: 'refused',
      refusal: { kind: 'rateLimited', retryAfterMs: 9_000, limit: 'global' },
    });
    await Promise.resolve();
    expect(calls.filter(({ op }) => op === 'reward')).toEqual([
      { name: 'perClientIp', op: 'reward', key: await keyOf('192.0.2.1') },
    ]);
  });

  it('names the limit that refused when an earlier one passed, and never waits less than nothing', async () => {
    const { limiter } = recording((name) => (name === 'perDestination' ? over(-5) : Promise.resolve({})));
    expect(await createLimits(undefined, limiter).send('ada@example.com', '192.0.2.1')).toEqual({
      kind: 'refused',
      refusal: { kind: 'rateLimited', retryAfterMs: 0, limit: 'perDestination' },
    });
  });

  it.each([
    ['an Error', () => Promise.reject(new Error('down'))],
    ['an Error with a wait', () => Promise.reject(Object.assign(new Error('down'), { msBeforeNext: 5 }))],
    ['nothing', () => Promise.reject(undefined)],
    ['a wait that is not a number', () => Promise.reject({ msBeforeNext: '5' })],
    [
      'a throw',
      () => {
        throw new Error('sync');
      },
    ],
  ])('answers storeUnavailable for a counter that rejects with %s', async (_, fail) => {
    const { limiter } = recording((name) => (name === 'perDestination' ? fail() : over(1_000)));
    expect(await createLimits(undefined, limiter).send('ada@example.com', '192.0.2.1')).toEqual({
      kind: 'refused',
      refusal: { kind: 'storeUnavailable' },
    });
  });
});

describe('clientKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['2001:db8:7:1::1', '2001:db8:7:1::/64'],
    ['2001:0DB8:0007:0001:ffff:aaaa:bbbb:cccc', '2001:db8:7:1::/64'],
    ['2001:0000:0:00a0:1:2:3:4', '2001:0:0:a0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['1::2', '1:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['fe80:1:2:3:4:5:6:7%2', 'fe80:1:2:3::/64'],
    ['1:2:3:4:5:6:7:8::9', '1:2:3:4::/64'],
    ['x::ffff:192.0.2.1', 'x:0:0:0::/64'],
    ['::ffff:192.0.2.1.5', '0:0:0:0::/64'],
    ['::ffff:1922.0.2.1', '0:0:0:0::/64'],
    ['::ffff:192.0.22.133', '192.0.22.133'],
    ['::ffff:192.0.2.1%eth0', '192.0.2.1'],
    ['192.0.2.1%eth0', '192.0.2.1'],
    ['1::2:3:4:5:6:7', '1:0:2:3::/64'],
    ['1:2::3:4', '1:2:0:0::/64'],
    ['a:b', 'a:b::/64'],
  ])('counts %s as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});

describe('memoryLimiter', () => {
  it('gives the same limit the same counter, and another limit its own', async () => {
    const limiter = memoryLimiter();
    const one = { name: 'global', points: 1, duration: 60 } as const;
    expect(limiter(one)).toBe(limiter({ ...one }));
    const other = limiter({ name: 'perDestination', points: 1, duration: 60 });
    expect(other).not.toBe(limiter(one));
    expect(limiter({ ...one, points: 2 })).not.toBe(limiter(one));
    expect(limiter({ ...one, duration: 61 })).not.toBe(limiter(one));
    await limiter(one).consume('k');
    await expect(limiter(one).consume('k')).rejects.toMatchObject({ msBeforeNext: expect.any(Number) });
    await expect(other.consume('k')).resolves.toBeDefined();
    const two = limiter({ ...one, points: 2 });
    await two.consume('k');
    await expect(two.consume('k')).resolves.toBeDefined();
    await expect(two.consume('k')).rejects.toMatchObject({ msBeforeNext: expect.any(Number) });
  });
});
