import { describe, expect } from 'vitest';
import { fromPromise, SimulatedClock } from 'xstate';
import { type OtpSession, otpMachine, type VerifyCodeInput } from '../../src/index.ts';
import { pendingTimers } from '../helpers/clock.ts';
import { holds, wrongCode } from '../helpers/codes.ts';
import { type FlowFixtures, test as it } from '../helpers/fixtures.ts';
import { otpRequests, settle, uniquePhone } from '../helpers/flow.ts';
import { tick, until } from '../helpers/wait.ts';

const verifyPath = /\/verify\//;
const sendPath = /\/signup-in\//;

async function awaitingCode({ server, flow }: FlowFixtures, input = {}, clock?: SimulatedClock) {
  const loginId = uniquePhone();
  const actor = flow({ channel: 'sms', resendCooldownMs: 0, ...input }, { clock });
  actor.send({ type: 'SEND', loginId });
  await settle(actor);
  expect(actor.getSnapshot().matches('awaitingCode')).toBe(true);
  return { actor, loginId, code: server.lastCode(loginId) ?? '' };
}

describe('rule 1: a resend invalidates every earlier code', () => {
  it('increments generation, clears error and attempts, and the old code is refused', async ({
    server,
    flow,
  }) => {
    const { actor, loginId, code: first } = await awaitingCode({ server, flow });
    actor.send({ type: 'SUBMIT_CODE', code: wrongCode(first) });
    await settle(actor);
    expect(actor.getSnapshot().context.error?.kind).toBe('wrongCode');
    actor.send({ type: 'RESEND' });
    const snapshot = await settle(actor);
    expect(snapshot.context).toMatchObject({ generation: 2, error: null, attemptsLeft: 3 });
    const second = server.lastCode(loginId);
    expect(second).not.toBe(first);
    actor.send({ type: 'SUBMIT_CODE', code: first });
    expect((await settle(actor)).context.error?.kind).toBe('wrongCode');
    actor.send({ type: 'SUBMIT_CODE', code: second ?? '' });
    expect((await settle(actor)).value).toBe('authenticated');
  });

  it('a RESEND while verifying aborts the verify request', async ({ server, flow }) => {
    const { actor } = await awaitingCode({ server, flow });
    server.fault({ path: verifyPath, kind: 'hang' });
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    await until(() => server.openRequests() === 1);
    actor.send({ type: 'RESEND' });
    expect((await settle(actor)).context.generation).toBe(2);
    await until(() => server.openRequests() === 0);
  });

  it('a late answer for a superseded code never changes state', async ({ flow }) => {
    let answer: (session: OtpSession) => void = () => {};
    const machine = otpMachine.provide({
      actors: {
        verifyCode: fromPromise<OtpSession, VerifyCodeInput>(
          () => new Promise((resolve) => (answer = resolve)),
        ),
      },
    });
    const actor = flow({ channel: 'sms', resendCooldownMs: 0 }, { machine });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    actor.send({ type: 'RESEND' });
    await settle(actor);
    answer({ sessionJwt: 'late', firstSeen: false, user: {} });
    await tick();
    expect(actor.getSnapshot().matches('awaitingCode')).toBe(true);
    expect(actor.getSnapshot().context).toMatchObject({ generation: 2, error: null });
    expect(actor.getSnapshot().output).toBeUndefined();
  });
});

describe('rule 2: a failed resend leaves the current code valid', () => {
  const faults = [
    ['5xx', { kind: 'status', status: 503 }, 'server'],
    ['429', { kind: 'status', status: 429, retryAfterSeconds: 7 }, 'rateLimited'],
    ['dropped connection', { kind: 'drop' }, 'network'],
    ['timeout', { kind: 'hang' }, 'timeout'],
    ['HTML page', { kind: 'html' }, 'server'],
  ] as const;

  it.for(faults)('after a %s', async ([_, fault, kind], { server, flow }) => {
    const requestTimeoutMs = kind === 'timeout' ? 2_000 : undefined;
    const { actor, code } = await awaitingCode({ server, flow }, { requestTimeoutMs });
    server.fault({ path: sendPath, ...fault });
    actor.send({ type: 'RESEND' });
    const snapshot = await settle(actor);
    expect(snapshot.matches('awaitingCode')).toBe(true);
    expect(snapshot.context.generation).toBe(1);
    expect(snapshot.context.error?.kind).toBe(kind);
    actor.send({ type: 'SUBMIT_CODE', code });
    expect((await settle(actor)).value).toBe('authenticated');
  });
});

describe('rule 3: nothing invalid leaves the machine', () => {
  const cases = [
    ['an empty login ID', {}, { loginId: '' }, 'loginId'],
    ['a non-string login ID', {}, { loginId: 42 }, 'loginId'],
    ['a sign-up-or-in email login ID that is no email', {}, { loginId: 'ada' }, 'loginId'],
    [
      'a sign-up-or-in phone login ID that is not E.164',
      { channel: 'sms' },
      { loginId: '555-0100' },
      'loginId',
    ],
    [
      'a new email that is no email',
      { operation: 'updateEmail', refreshJwt: 'r' },
      { loginId: 'a@b.co', email: 'x' },
      'email',
    ],
    [
      'a new phone that is not E.164',
      { operation: 'updatePhone', channel: 'sms', refreshJwt: 'r' },
      { loginId: 'a@b.co', phone: '0100' },
      'phone',
    ],
    [
      'an update without refresh JWT',
      { operation: 'updateEmail' },
      { loginId: 'a@b.co', email: 'c@d.co' },
      'refreshJwt',
    ],
    [
      'a step-up sign-in without refresh JWT',
      { operation: 'signIn', loginOptions: { stepup: true } },
      { loginId: 'ada' },
      'refreshJwt',
    ],
    ['an unknown channel', {}, { loginId: 'a@b.co', channel: 'fax' }, 'channel'],
    [
      'update email over sms',
      { operation: 'updateEmail', channel: 'sms', refreshJwt: 'r' },
      { loginId: 'a', email: 'c@d.co' },
      'channel',
    ],
    ['an unknown operation', { operation: 'signOut' }, { loginId: 'a@b.co' }, 'operation'],
    ['a missing project ID', { projectId: '' }, { loginId: 'a@b.co' }, 'projectId'],
    [
      'a plain http base URL off loopback',
      { baseUrl: 'http://api.example.com' },
      { loginId: 'a@b.co' },
      'baseUrl',
    ],
  ] as const;

  it.for(cases)('%s is invalidInput with zero requests', ([_, input, event, field], { server, flow }) => {
    const before = otpRequests(server).length;
    const actor = flow(input as never);
    expect(() => actor.send({ type: 'SEND', ...event } as never)).not.toThrow();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.error).toEqual({ kind: 'invalidInput', field });
    expect(otpRequests(server).length).toBe(before);
  });

  it.for([['12345'], ['1234567'], ['12a456'], [123456], [null], [undefined], ['']])(
    'the code %j is invalidInput with zero requests',
    async ([code], { server, flow }) => {
      const { actor } = await awaitingCode({ server, flow });
      const before = otpRequests(server).length;
      actor.send({ type: 'SUBMIT_CODE', code } as never);
      expect(actor.getSnapshot().matches('awaitingCode')).toBe(true);
      expect(actor.getSnapshot().context.error).toEqual({ kind: 'invalidInput', field: 'code' });
      expect(otpRequests(server).length).toBe(before);
    },
  );

  it.for([
    ['awaiting the code', false],
    ['verifying', true],
  ] as const)(
    'a RESEND to a channel of another kind while %s is invalidInput with zero requests',
    async ([_, verifying], { server, flow }) => {
      const { actor } = await awaitingCode({ server, flow });
      if (verifying) {
        server.fault({ path: verifyPath, kind: 'hang' });
        actor.send({ type: 'SUBMIT_CODE', code: '123456' });
        await until(() => server.openRequests() === 1);
      }
      const before = otpRequests(server).length;
      actor.send({ type: 'RESEND', channel: 'email' });
      expect(actor.getSnapshot().value).toEqual(verifying ? 'verifying' : { awaitingCode: 'valid' });
      expect(actor.getSnapshot().context).toMatchObject({
        channel: 'sms',
        generation: 1,
        error: { kind: 'invalidInput', field: 'channel' },
      });
      expect(otpRequests(server).length).toBe(before);
      actor.stop();
      await until(() => server.openRequests() === 0);
    },
  );

  it('spaces and dashes in a pasted code are removed', async ({ server, flow }) => {
    const { actor, code } = await awaitingCode({ server, flow });
    actor.send({ type: 'SUBMIT_CODE', code: ` ${code.slice(0, 3)}-${code.slice(3)} ` });
    expect((await settle(actor)).value).toBe('authenticated');
  });

  it('malformed events from untyped JavaScript never throw', async ({ server, flow }) => {
    const { actor } = await awaitingCode({ server, flow });
    const events = [
      { type: 'NOPE' },
      { type: 'SEND' },
      { type: 'RESEND', channel: 7 },
      { type: 'SUBMIT_CODE' },
    ];
    for (const event of events) expect(() => actor.send(event as never)).not.toThrow();
    expect(actor.getSnapshot().matches('awaitingCode')).toBe(true);
    expect(() => flow(undefined as never)).not.toThrow();
    expect(() =>
      flow({ codeLength: 'six' } as never).send({ type: 'SEND', loginId: 'a@b.co' }),
    ).not.toThrow();
  });
});

describe('rule 4: exactly one request per send and per verify', () => {
  it('a 503 on send is not retried (a retry would issue a second code)', async ({ server, flow }) => {
    server.fault({ path: sendPath, kind: 'status', status: 503 });
    const before = otpRequests(server).length;
    const actor = flow({ channel: 'sms' });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    const snapshot = await settle(actor);
    expect(snapshot.context.error).toMatchObject({ kind: 'server', status: 503 });
    expect(otpRequests(server).length - before).toBe(1);
  });

  it('a 502 on verify is not retried', async ({ server, flow }) => {
    const { actor, code } = await awaitingCode({ server, flow });
    server.fault({ path: verifyPath, kind: 'status', status: 502 });
    const before = otpRequests(server).length;
    actor.send({ type: 'SUBMIT_CODE', code });
    await settle(actor);
    expect(otpRequests(server).length - before).toBe(1);
  });
});

describe('rule 5: time is in the machine, on the actor clock', () => {
  it('the cooldown gates RESEND and a 429 Retry-After pushes it back', async ({ server, flow }) => {
    const clock = new SimulatedClock();
    const { actor } = await awaitingCode({ server, flow }, { resendCooldownMs: 30_000 }, clock);
    expect(actor.getSnapshot().context.resendAvailableAt).toBe(30_000);
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    clock.increment(29_999);
    await Promise.resolve();
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    clock.increment(1);
    await until(() => actor.getSnapshot().can({ type: 'RESEND' }));
    server.fault({ path: sendPath, kind: 'status', status: 429, retryAfterSeconds: 90 });
    actor.send({ type: 'RESEND' });
    const snapshot = await settle(actor);
    expect(snapshot.context.error).toMatchObject({ kind: 'rateLimited', retryAfterMs: 90_000 });
    expect(snapshot.context.resendAvailableAt).toBe(120_000);
    expect(snapshot.can({ type: 'RESEND' })).toBe(false);
    clock.increment(90_000);
    await until(() => actor.getSnapshot().can({ type: 'RESEND' }));
  });
});

describe('rule 6: nothing outlives the flow', () => {
  it('RESET aborts a send in flight', async ({ server, flow }) => {
    server.fault({ path: sendPath, kind: 'hang' });
    const actor = flow({ channel: 'sms' });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await until(() => server.openRequests() === 1);
    actor.send({ type: 'RESET' });
    expect(actor.getSnapshot().value).toBe('idle');
    await until(() => server.openRequests() === 0);
  });

  it('stop() aborts a verify in flight and clears every timer', async ({ server, flow }) => {
    const clock = new SimulatedClock();
    const { actor, code } = await awaitingCode(
      { server, flow },
      { resendCooldownMs: 30_000, codeTtlMs: 60_000 },
      clock,
    );
    expect(pendingTimers(clock)).toBe(2);
    server.fault({ path: verifyPath, kind: 'hang' });
    actor.send({ type: 'SUBMIT_CODE', code });
    await until(() => server.openRequests() === 1);
    actor.stop();
    await until(() => server.openRequests() === 0);
    expect(pendingTimers(clock)).toBe(0);
  });
});

describe('rule 7: secrets stay secret', () => {
  it('no code, token or refresh JWT in the serialized context, the error or its message', async ({
    server,
    flow,
  }) => {
    const { actor, code } = await awaitingCode({ server, flow }, { refreshJwt: 'refresh-secret-value' });
    actor.send({ type: 'SUBMIT_CODE', code });
    const verifying = actor.getSnapshot();
    expect(verifying.value).toBe('verifying');
    expect(holds(JSON.stringify(verifying.context), code)).toBe(false);
    const snapshot = await settle(actor);
    expect(snapshot.value).toBe('authenticated');
    const { sessionJwt, refreshJwt } = snapshot.output ?? {};
    expect(sessionJwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(refreshJwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const serialized = JSON.stringify(snapshot.context);
    expect(holds(serialized, code)).toBe(false);
    expect(serialized).not.toContain('refresh-secret-value');
    expect(serialized).not.toContain(sessionJwt);
    expect(serialized).not.toContain(refreshJwt);
    expect(String(snapshot.context.refreshJwt)).toBe('[redacted]');
  });

  it('keeps only the known fields of a failure a custom service rejects with', async ({ flow }) => {
    const machine = otpMachine.provide({
      actors: {
        verifyCode: fromPromise<OtpSession, VerifyCodeInput>(() =>
          Promise.reject({ kind: 'server', status: 502, response: { sessionJwt: 'leaked-token' } }),
        ),
      },
    });
    const actor = flow({ channel: 'sms' }, { machine });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    const snapshot = await settle(actor);
    expect(snapshot.context.error).toEqual({ kind: 'server', status: 502 });
  });
});
