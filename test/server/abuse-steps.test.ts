import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import {
  createOtpFlows,
  type FlowStore,
  type HumanCheck,
  memoryFlowStore,
  type OtpFlowEvent,
} from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { signedInRefreshJwt, uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { codesFor, pathsFor } from './helpers.ts';

const known = 'knownabuse@example.com';
const phoneLike = '+14155550199';
const descope = await createTestServer({
  users: [
    { loginId: known, email: known },
    { loginId: phoneLike, email: 'phonelike@example.com' },
  ],
});
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const sms: OtpInput = { ...input, channel: 'sms' };
const off = {
  perDestination: false,
  perClientIp: false,
  failedVerifiesPerDestination: false,
} as const;
const one = { max: 1, windowSeconds: 600 };

describe('what a send limit counts', () => {
  it('counts the new email of updateEmail, trimmed and in lower case, not the login ID', async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const flows = createOtpFlows({
      input: { ...input, operation: 'updateEmail' },
      store: memoryFlowStore(),
      limits: { ...off, perDestination: one },
    });
    const email = uniqueEmail();
    const first = await flows.start({ loginId, email, refreshJwt });
    expect(first.error).toBeNull();
    expect(await flows.resend(first.flowId, { refreshJwt })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect(await flows.start({ loginId, email: ` ${email.toUpperCase()} `, refreshJwt })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect((await flows.start({ loginId, email: uniqueEmail(), refreshJwt })).error).toBeNull();
  });

  it('counts the new phone of updatePhone in E.164', async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input: { ...sms, operation: 'updatePhone' },
      store: memoryFlowStore(),
      limits: { ...off, perDestination: one },
      allowedCountries: ['US'],
      onEvent: (event) => events.push(event),
    });
    const phone = uniquePhone();
    const first = await flows.start({ loginId, phone, refreshJwt });
    expect(first.error).toBeNull();
    const spaced = `${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`;
    expect(await flows.start({ loginId, phone: spaced, refreshJwt })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect(await flows.start({ loginId, phone: '+33612345678', refreshJwt })).toMatchObject({
      error: { kind: 'destinationNotAllowed' },
    });
    expect(events.map(({ type, countryCode, reason }) => [type, countryCode, reason])).toEqual([
      ['sent', 'US', undefined],
      ['refused', 'US', 'perDestination'],
      ['refused', 'FR', 'destinationNotAllowed'],
    ]);
  });

  it('counts the login ID of a sign-in, not an email given beside it', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...off, perDestination: one },
    });
    const email = uniqueEmail();
    expect((await flows.start({ loginId: uniqueEmail(), email })).error).toBeNull();
    expect((await flows.start({ loginId: uniqueEmail(), email })).error).toBeNull();
  });

  it('keeps the point of a send Descope refused, and gives back the point of a verify it could not answer', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...off, perDestination: one, failedVerifiesPerDestination: one },
    });
    const loginId = uniqueEmail();
    descope.fault({ kind: 'status', status: 500, path: '/v1/auth/otp/signup-in' });
    expect((await flows.start({ loginId })).error).toMatchObject({ kind: 'server' });
    expect(await flows.start({ loginId })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });

    const other = uniqueEmail();
    const { flowId } = await flows.start({ loginId: other });
    descope.fault({ kind: 'status', status: 500, path: '/v1/auth/otp/verify' });
    expect((await flows.submitCode(flowId, wrongCode(descope.lastCode(other)))).error).toMatchObject({
      kind: 'server',
    });
    expect((await flows.submitCode(flowId, wrongCode(descope.lastCode(other)))).error).toMatchObject({
      kind: 'wrongCode',
    });
    expect(await flows.submitCode(flowId, descope.lastCode(other) ?? '')).toMatchObject({
      error: { kind: 'rateLimited', limit: 'failedVerifiesPerDestination' },
    });
  });

  it('keeps the point of every wrong code, the last one included', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...off, failedVerifiesPerDestination: { max: 3, windowSeconds: 600 } },
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    const kinds = [];
    for (let i = 0; i < 3; i += 1)
      kinds.push((await flows.submitCode(flowId, wrongCode(descope.lastCode(loginId))))?.error?.kind);
    expect(kinds).toEqual(['wrongCode', 'wrongCode', 'tooManyAttempts']);
    const again = await flows.start({ loginId });
    expect(await flows.submitCode(again.flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
      error: { kind: 'rateLimited', limit: 'failedVerifiesPerDestination' },
    });
  });

  it('counts nothing for a login ID that is missing or not a string, and answers invalidInput', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input: sms,
      store: memoryFlowStore(),
      limits: { ...off, perDestination: one },
      allowedCountries: ['US'],
      onEvent: (event) => events.push(event),
    });
    for (const loginId of [42, undefined, undefined])
      expect(await flows.start({ loginId: loginId as never })).toMatchObject({
        error: { kind: 'invalidInput' },
      });
    expect(events.map(({ type, channel, reason }) => [type, channel, reason])).toEqual([
      ['refused', 'sms', 'invalidInput'],
      ['refused', 'sms', 'invalidInput'],
    ]);
  });

  it('leaves the per-IP limit out for an empty client IP', async () => {
    const flows = createOtpFlows({ input, store: memoryFlowStore(), limits: { ...off, perClientIp: one } });
    for (let i = 0; i < 2; i += 1)
      expect((await flows.start({ loginId: uniqueEmail(), clientIp: '' })).error).toBeNull();
  });

  it('gives back the point of a blank login ID, and leaves a client IP that is not a string out', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...off, perClientIp: one },
      onEvent: (event) => events.push(event),
    });
    expect(await flows.start({ loginId: '   ', clientIp: '192.0.2.50' })).toMatchObject({
      error: { kind: 'invalidInput' },
    });
    expect((await flows.start({ loginId: uniqueEmail(), clientIp: '192.0.2.50' })).error).toBeNull();
    for (let i = 0; i < 2; i += 1)
      expect((await flows.start({ loginId: uniqueEmail(), clientIp: 42 as never })).error).toBeNull();
    expect(events.map((event) => event.clientIp)).toEqual(['192.0.2.50', '192.0.2.50', undefined, undefined]);
  });

  it("checks the country of updatePhone's new phone before anything else, and never of updateEmail's new email", async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const phones = createOtpFlows({
      input: { ...input, operation: 'updatePhone' },
      store: memoryFlowStore(),
      allowedCountries: ['US'],
    });
    expect(await phones.start({ loginId, phone: '+33612345678', refreshJwt })).toMatchObject({
      error: { kind: 'destinationNotAllowed' },
    });
    const emails = createOtpFlows({
      input: { ...sms, operation: 'updateEmail' },
      store: memoryFlowStore(),
      allowedCountries: ['US'],
    });
    expect(await emails.start({ loginId, email: uniqueEmail(), refreshJwt })).not.toMatchObject({
      error: { kind: 'destinationNotAllowed' },
    });
  });

  it('counts in memory for a store without a limiter', async () => {
    const inner = memoryFlowStore();
    const store: FlowStore = {
      create: (flowId, token, leaseMs) => inner.create(flowId, token, leaseMs),
      acquire: (flowId, token, leaseMs) => inner.acquire(flowId, token, leaseMs),
      commit: (flowId, lease, flow) => inner.commit(flowId, lease, flow),
      release: (flowId, token) => inner.release(flowId, token),
    };
    const flows = createOtpFlows({ input, store, limits: { ...off, perDestination: one } });
    const loginId = uniqueEmail();
    expect((await flows.start({ loginId })).error).toBeNull();
    expect(await flows.start({ loginId })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
  });

  it('charges nothing to cancel a flow', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...off, perDestination: one, perClientIp: one },
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId, clientIp: '192.0.2.30' });
    expect(await flows.cancel(flowId)).toMatchObject({ status: 'idle', error: null });
  });
});

describe('the bot check', () => {
  it('is asked with the token, the client IP, the login ID and the channel of each send', async () => {
    const checks: HumanCheck[] = [];
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      channels: ['email', 'sms'],
      verifyHuman: (check) => {
        checks.push(check);
        return check.token === 'good';
      },
    });
    const phone = uniquePhone();
    const step = await flows.start({
      loginId: phone,
      channel: 'sms',
      captchaToken: 'good',
      clientIp: '192.0.2.31',
    });
    expect(step.error).toBeNull();
    expect(await flows.resend(step.flowId, { captchaToken: '', clientIp: '' })).toMatchObject({
      error: { kind: 'botCheckFailed' },
    });
    expect(await flows.submitCode(step.flowId, descope.lastCode(phone) ?? '')).toMatchObject({
      status: 'authenticated',
    });
    expect(checks).toEqual([
      { token: 'good', clientIp: '192.0.2.31', loginId: phone, channel: 'sms' },
      { token: undefined, clientIp: undefined, loginId: phone, channel: 'sms' },
    ]);
  });

  it('is asked with an empty login ID as it is', async () => {
    const checks: HumanCheck[] = [];
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      verifyHuman: (check) => {
        checks.push(check);
        return true;
      },
    });
    expect(await flows.start({ loginId: '' })).toMatchObject({ error: { kind: 'invalidInput' } });
    expect(checks).toEqual([{ token: undefined, clientIp: undefined, loginId: '', channel: 'email' }]);
  });

  it('passes only a true answer', async () => {
    for (const answer of ['true', 1, {}, null]) {
      const flows = createOtpFlows({ input, store: memoryFlowStore(), verifyHuman: () => answer as never });
      const loginId = uniqueEmail();
      expect(await flows.start({ loginId, captchaToken: 'x' })).toMatchObject({
        error: { kind: 'botCheckFailed' },
      });
      expect(pathsFor(descope, loginId)).toEqual([]);
    }
    const flows = createOtpFlows({ input, store: memoryFlowStore(), verifyHuman: () => true });
    expect((await flows.start({ loginId: uniqueEmail() })).error).toBeNull();
    for (const verifyHuman of [
      () => {
        throw new Error('siteverify down');
      },
      () => Promise.reject(new Error('siteverify down')),
    ]) {
      const failing = createOtpFlows({ input, store: memoryFlowStore(), verifyHuman });
      expect(await failing.start({ loginId: uniqueEmail() })).toMatchObject({
        error: { kind: 'botCheckFailed' },
      });
    }
  });

  it('is not asked before a verify or a cancel', async () => {
    let asked = 0;
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      verifyHuman: () => {
        asked += 1;
        return asked === 1;
      },
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    expect(await flows.submitCode(flowId, wrongCode(descope.lastCode(loginId)))).toMatchObject({
      error: { kind: 'wrongCode' },
    });
    expect((await flows.cancel(flowId)).error).toBeNull();
    expect(asked).toBe(1);
  });
});

describe('the lease of a step', () => {
  const leases = (options: Parameters<typeof createOtpFlows>[0]) => {
    const inner = memoryFlowStore();
    const seen: number[] = [];
    const store: FlowStore = {
      create: (flowId, token, leaseMs) => {
        seen.push(leaseMs);
        return inner.create(flowId, token, leaseMs);
      },
      acquire: (flowId, token, leaseMs) => inner.acquire(flowId, token, leaseMs),
      commit: (flowId, lease, flow) => inner.commit(flowId, lease, flow),
      release: (flowId, token) => inner.release(flowId, token),
      ...(inner.limiter ? { limiter: inner.limiter.bind(inner) } : {}),
    };
    return { flows: createOtpFlows({ ...options, store }), seen };
  };

  it('lasts long enough for the limits and the bot check to time out', async () => {
    const bare = leases({ input, limits: false });
    const limited = leases({ input });
    const checked = leases({ input, limits: false, verifyHuman: () => true });
    for (const { flows } of [bare, limited, checked]) await flows.start({ loginId: uniqueEmail() });
    const base = bare.seen[0] as number;
    expect(limited.seen).toEqual([base + 5_000]);
    expect(checked.seen).toEqual([base + 10_000]);
  });
});

describe('onEvent', () => {
  it('names the channel asked for, and leaves the country out for email and a phone without one', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      channels: ['email', 'sms', 'voice'],
      limits: off,
      onEvent: (event) => events.push(event),
    });
    const phone = uniquePhone();
    const step = await flows.start({ loginId: phone, channel: 'sms' });
    await flows.resend(step.flowId, { channel: 'voice' });
    await flows.start({ loginId: uniqueEmail() });
    await flows.start({ loginId: '14155550142', channel: 'sms' });
    await flows.cancel(step.flowId);
    expect(events.map(({ type, channel, countryCode }) => [type, channel, countryCode])).toEqual([
      ['sent', 'sms', 'US'],
      ['sent', 'voice', 'US'],
      ['sent', 'email', undefined],
      ['refused', 'sms', undefined],
    ]);
    expect(
      events.every((event) => !('clientIp' in event) && !('countryCode' in event && !event.countryCode)),
    ).toBe(true);
  });
});

describe('onEvent after a verify', () => {
  it('sees a sign-in, and a verify a limit refused by the limit; an email login ID has no country', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      limits: { ...off, failedVerifiesPerDestination: one },
      onEvent: (event) => events.push(event),
    });
    const step = await flows.start({ loginId: phoneLike, clientIp: '192.0.2.40' });
    expect(await flows.submitCode(step.flowId, wrongCode(descope.lastCode(phoneLike)))).toMatchObject({
      error: { kind: 'wrongCode' },
    });
    await flows.submitCode(step.flowId, descope.lastCode(phoneLike) ?? '');
    const other = known;
    const done = await flows.start({ loginId: other });
    expect((await flows.submitCode(done.flowId, descope.lastCode(other) ?? '')).status).toBe('authenticated');
    expect(events).toEqual([
      { type: 'sent', flowId: step.flowId, channel: 'email', clientIp: '192.0.2.40' },
      { type: 'verifyFailed', flowId: step.flowId, channel: 'email', reason: 'wrongCode' },
      { type: 'verifyFailed', flowId: step.flowId, channel: 'email', reason: 'failedVerifiesPerDestination' },
      { type: 'sent', flowId: done.flowId, channel: 'email' },
      { type: 'verified', flowId: done.flowId, channel: 'email' },
    ]);
  });
});

describe('hideUserExistence', () => {
  it("counts a decoy's wrong codes down from the attempts real sends showed", async () => {
    const strict = await createTestServer({ users: [{ loginId: known, email: known }], maxAttempts: 5 });
    try {
      const flows = createOtpFlows({
        input: { ...input, baseUrl: strict.url, projectId: strict.projectId, operation: 'signIn' },
        store: memoryFlowStore(),
        hideUserExistence: true,
      });
      expect((await flows.start({ loginId: known })).view?.attemptsLeft).toBe(5);
      const decoy = await flows.start({ loginId: uniqueEmail() });
      expect(decoy.view?.attemptsLeft).toBe(5);
      const kinds = [];
      for (let i = 0; i < 5; i += 1) kinds.push((await flows.submitCode(decoy.flowId, '123456')).error?.kind);
      expect(kinds).toEqual(['wrongCode', 'wrongCode', 'wrongCode', 'wrongCode', 'tooManyAttempts']);
      const real = await flows.start({ loginId: known });
      await flows.submitCode(real.flowId, wrongCode(strict.lastCode(known)));
      expect((await flows.submitCode(real.flowId, strict.lastCode(known) ?? '')).status).toBe(
        'authenticated',
      );
      expect((await flows.start({ loginId: uniqueEmail() })).view?.attemptsLeft).toBe(5);
    } finally {
      await strict.close();
    }
  });

  it('keeps a decoy whose resend a limit refused, and answers a resend in its cooldown', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      hideUserExistence: true,
      limits: { ...off, perDestination: one },
      onEvent: (event) => events.push(event),
    });
    const decoy = await flows.start({ loginId: uniqueEmail() });
    expect(await flows.resend(decoy.flowId)).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect((await flows.submitCode(decoy.flowId, '123456')).error).toMatchObject({ kind: 'wrongCode' });
    const waiting = createOtpFlows({
      input: { projectId: descope.projectId, baseUrl: descope.url, operation: 'signIn' },
      store: memoryFlowStore(),
      hideUserExistence: true,
      limits: false,
      onEvent: (event) => events.push(event),
    });
    for (const loginId of [known, uniqueEmail()]) {
      const step = await waiting.start({ loginId });
      const before = events.length;
      const early = await waiting.resend(step.flowId);
      expect(early.error).toMatchObject({ kind: 'rateLimited' });
      expect(early.error).not.toHaveProperty('limit');
      expect(events.length).toBe(before);
    }
  });

  it('is on only when true', async () => {
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      hideUserExistence: 'yes' as never,
    });
    expect(await flows.start({ loginId: uniqueEmail() })).toMatchObject({ error: { kind: 'userNotFound' } });
    const real = await flows.start({ loginId: known });
    const wrong = await flows.submitCode(real.flowId, wrongCode(descope.lastCode(known)));
    expect(wrong.error).toMatchObject({ kind: 'wrongCode', errorDescription: expect.any(String) });
    expect(wrong.view?.error).toMatchObject({ errorDescription: expect.any(String) });
  });

  it('shows a decoy the attempts and the masks that real sends show, and sends nothing for it', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      hideUserExistence: true,
      onEvent: (event) => events.push(event),
    });
    const real = await flows.start({ loginId: known });
    const unknown = 'Unknown.Person@Example.com';
    const decoy = await flows.start({ loginId: ` ${unknown} ` });
    expect(decoy).toMatchObject({ status: 'awaitingCode', error: null });
    expect(decoy.view?.maskedDestination).toBe('un************@example.com');
    expect(real.view?.maskedDestination).toBe('kn********@example.com');
    expect(decoy.view?.attemptsLeft).toBe(real.view?.attemptsLeft);
    const wrong = await flows.submitCode(decoy.flowId, '123456');
    expect(wrong).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'wrongCode', errorCode: 'E061102' },
    });
    expect(Object.keys(wrong.error ?? {}).sort()).toEqual(
      Object.keys(
        (await flows.submitCode(real.flowId, wrongCode(descope.lastCode(known)))).error ?? {},
      ).sort(),
    );
    expect(await flows.resend(decoy.flowId)).toMatchObject({ error: null, view: { status: 'awaitingCode' } });
    expect(codesFor(descope, unknown)).toEqual([]);
    expect(events.map(({ type, reason }) => [type, reason])).toEqual([
      ['sent', undefined],
      ['refused', 'userNotFound'],
      ['verifyFailed', 'wrongCode'],
      ['verifyFailed', 'wrongCode'],
      ['refused', 'userNotFound'],
    ]);
  });

  it('hides nothing else: a refused send still answers its own failure', async () => {
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      hideUserExistence: true,
      limits: { ...off, perDestination: one },
    });
    expect((await flows.start({ loginId: known })).error).toBeNull();
    expect(await flows.start({ loginId: known })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
  });
});
