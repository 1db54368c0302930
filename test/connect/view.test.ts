import { describe, expect } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import {
  connect,
  failureMessage,
  type OtpFailure,
  type OtpView,
  type OtpViewData,
  otpMachine,
  persistFlow,
  restoreFlow,
} from '../../src/index.ts';
import { test as it } from '../helpers/fixtures.ts';
import { type OtpActor, settle, uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';

const viewOf = (actor: OtpActor, now?: number): OtpView => connect(actor.getSnapshot(), actor.send, now);

const dataOf = (view: OtpView): OtpViewData =>
  Object.fromEntries(
    Object.entries(view).filter(([, value]) => typeof value !== 'function'),
  ) as unknown as OtpViewData;

describe('connect: the whole view of a flow', () => {
  it('renders each step of a flow from the view alone, with the session at the end', async ({
    server,
    flow,
  }) => {
    const loginId = uniquePhone();
    const actor = flow({ channel: 'sms', resendCooldownMs: 0 });
    expect(viewOf(actor)).toMatchObject({
      status: 'idle',
      busy: false,
      operation: 'signUpOrIn',
      channel: 'sms',
      canSend: true,
      canResend: false,
      resendInSeconds: 0,
      expiresInSeconds: null,
      attemptsLeft: null,
      error: null,
      codeKey: 0,
      codeExpired: false,
      session: null,
    });

    viewOf(actor).send(loginId, { channel: 'voice' });
    expect(viewOf(actor)).toMatchObject({ status: 'sending', busy: true, channel: 'voice', canSend: false });
    await settle(actor);
    const first = viewOf(actor);
    expect(first).toMatchObject({
      status: 'awaitingCode',
      busy: false,
      channel: 'voice',
      canResend: true,
      attemptsLeft: 3,
      maskedDestination: `+*******${loginId.slice(-4)}`,
      codeKey: 1,
      session: null,
    });

    first.resend('sms');
    expect(viewOf(actor)).toMatchObject({ status: 'sending', channel: 'sms', codeKey: 1 });
    await settle(actor);
    expect(viewOf(actor)).toMatchObject({ status: 'awaitingCode', channel: 'sms', codeKey: 2 });

    viewOf(actor).submitCode(server.lastCode(loginId) ?? '');
    expect(viewOf(actor)).toMatchObject({
      status: 'verifying',
      busy: true,
      canSend: false,
    });
    await settle(actor);
    const done = viewOf(actor);
    expect(done.status).toBe('authenticated');
    expect(done.session).toEqual(actor.getSnapshot().output);
    expect(done.session).toMatchObject({
      sessionJwt: expect.any(String),
      firstSeen: true,
      user: { userId: server.findUser(loginId)?.userId },
    });
  });

  it('keeps every data field plain JSON, and the session is the only one holding a token', async ({
    server,
    flow,
  }) => {
    const loginId = uniqueEmail();
    const actor = flow({ channel: 'email' });
    viewOf(actor).send(loginId);
    await settle(actor);
    viewOf(actor).submitCode(server.lastCode(loginId) ?? '');
    await settle(actor);
    const data = dataOf(viewOf(actor));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    const { session, ...rest } = data;
    expect(JSON.stringify(session)).toContain(session?.sessionJwt);
    expect(JSON.stringify(rest)).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  it('lets the machine refuse a malformed code, shown as the view error', async ({ server, flow }) => {
    const loginId = uniquePhone();
    const actor = flow({ channel: 'sms' });
    viewOf(actor).send(loginId);
    await settle(actor);
    const before = server.requests.length;
    viewOf(actor).submitCode('12ab');
    expect(viewOf(actor)).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'invalidInput', field: 'code', message: 'Enter the code you received (digits only).' },
    });
    expect(server.requests).toHaveLength(before);
    actor.stop();
  });

  it('says when the code expired, and a new code clears it', async ({ flow }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const loginId = uniquePhone();
    const actor = flow({ channel: 'sms', codeTtlMs: 60_000, resendCooldownMs: 10_000 }, { clock });
    viewOf(actor, clock.now()).send(loginId);
    await settle(actor);
    expect(viewOf(actor, clock.now())).toMatchObject({ codeExpired: false, expiresInSeconds: 60 });
    clock.increment(60_000);
    await until(() => viewOf(actor, clock.now()).codeExpired);
    expect(viewOf(actor, clock.now())).toMatchObject({
      status: 'awaitingCode',
      expiresInSeconds: 0,
      canResend: true,
      error: { kind: 'codeExpired' },
    });
    viewOf(actor, clock.now()).resend();
    await settle(actor);
    expect(viewOf(actor, clock.now())).toMatchObject({ codeExpired: false, codeKey: 2, error: null });
    actor.stop();
  });

  it('waits out a 429 on the first send: canSend stays false until the machine allows a send', async ({
    server,
    flow,
  }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const actor = flow({ channel: 'sms' }, { clock });
    server.fault({
      kind: 'status',
      status: 429,
      errorCode: 'E130429',
      retryAfterSeconds: 5,
      path: /signup-in/,
    });
    viewOf(actor, clock.now()).send(uniquePhone());
    await settle(actor);
    expect(viewOf(actor, clock.now())).toMatchObject({ status: 'idle', canSend: false, resendInSeconds: 5 });
    clock.increment(5_000);
    await until(() => viewOf(actor, clock.now()).canSend);
    expect(viewOf(actor, clock.now()).resendInSeconds).toBe(0);
    actor.stop();
  });

  it('reads a plain number or { now } as the time of the countdowns', async ({ flow }) => {
    const actor = flow({ channel: 'sms', resendCooldownMs: 30_000 });
    viewOf(actor).send(uniquePhone());
    await settle(actor);
    const at = actor.getSnapshot().context.resendAvailableAt;
    expect(connect(actor.getSnapshot(), actor.send, at - 12_500).resendInSeconds).toBe(13);
    expect(connect(actor.getSnapshot(), actor.send, { now: at - 12_500 }).resendInSeconds).toBe(13);
    actor.stop();
  });

  it('has no session in a finished flow restored from storage', async ({ server }) => {
    const loginId = uniquePhone();
    const input = { projectId: server.projectId, baseUrl: server.url, channel: 'sms' as const };
    const actor = createActor(otpMachine, { input }).start();
    viewOf(actor).send(loginId);
    await settle(actor);
    viewOf(actor).submitCode(server.lastCode(loginId) ?? '');
    await settle(actor);
    const persisted = JSON.parse(JSON.stringify(persistFlow(actor)));
    const restored = createActor(otpMachine, { input, snapshot: restoreFlow(persisted) });
    expect(connect(restored.getSnapshot(), restored.send)).toMatchObject({
      status: 'authenticated',
      session: null,
    });
  });
});

describe('connect on a snapshot-like value', () => {
  it('shows a snapshot that matches no state as failed', ({ flow }) => {
    const { context } = flow({ channel: 'sms' }).getSnapshot();
    const view = connect({ context, output: undefined, matches: () => false, can: () => false }, () => {});
    expect(view).toMatchObject({ status: 'failed', busy: false, canSend: false, canResend: false });
  });
});

describe('failureMessage: one readable sentence for each failure', () => {
  it.each<[OtpFailure, string]>([
    [{ kind: 'invalidInput', field: 'channel' }, 'This delivery method cannot be used here.'],
    [{ kind: 'invalidInput', field: 'loginId' }, 'Enter a valid email address or phone number.'],
    [{ kind: 'invalidInput', field: 'email' }, 'Enter a valid email address.'],
    [{ kind: 'invalidInput', field: 'phone' }, 'Enter a phone number like +14155550100.'],
    [{ kind: 'invalidInput', field: 'code' }, 'Enter the code you received (digits only).'],
    [{ kind: 'invalidInput', field: 'refreshJwt' }, 'You need to be signed in to do this.'],
    [{ kind: 'invalidInput', field: 'baseUrl' }, 'The baseUrl setting is not valid.'],
    [{ kind: 'wrongCode' }, 'That code is not right. Try again.'],
    [{ kind: 'wrongCode', attemptsLeft: 2 }, 'That code is not right. 2 attempts left.'],
    [{ kind: 'wrongCode', attemptsLeft: 1 }, 'That code is not right. 1 attempt left.'],
    [{ kind: 'wrongCode', attemptsLeft: 0 }, 'That code is not right. 0 attempts left.'],
    [{ kind: 'rateLimited', retryAfterMs: 42_000 }, 'Too many requests. Try again in 42 seconds.'],
    [{ kind: 'rateLimited', retryAfterMs: 1_200 }, 'Too many requests. Try again in 2 seconds.'],
    [{ kind: 'rateLimited', retryAfterMs: 0 }, 'Too many requests. Try again in 1 second.'],
    [{ kind: 'tooManyAttempts' }, 'Too many wrong codes. Start again for a new code.'],
    [{ kind: 'codeExpired' }, 'This code has expired. Send a new one.'],
    [{ kind: 'userNotFound' }, 'No account was found for this login ID.'],
    [{ kind: 'userAlreadyExists' }, 'This login ID already has an account. Sign in instead.'],
    [{ kind: 'conflict' }, 'This address belongs to another account.'],
    [{ kind: 'unauthorized', status: 401 }, 'Not authorized. Check the project ID or sign in again.'],
    [{ kind: 'network' }, 'Could not reach the server. Check your connection.'],
    [{ kind: 'timeout' }, 'The server took too long to answer. Try again.'],
    [{ kind: 'server', status: 503 }, 'Something went wrong on the server. Try again.'],
  ])('%o reads %j', (failure, message) => {
    expect(failureMessage(failure)).toBe(message);
  });
});
