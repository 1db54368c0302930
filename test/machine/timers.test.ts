import { describe, expect } from 'vitest';
import { SimulatedClock } from 'xstate';
import { connect, type OtpEvent } from '../../src/index.ts';
import { test as it } from '../helpers/fixtures.ts';
import { settle, uniquePhone } from '../helpers/flow.ts';
import { tick, until } from '../helpers/wait.ts';

describe('cooldown and expiry on a SimulatedClock', () => {
  it('counts down the resend and the expiry, then lets a resend revive an expired flow', async ({
    server,
    flow,
  }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const start = clock.now();
    const loginId = uniquePhone();
    const actor = flow({ channel: 'sms', resendCooldownMs: 30_000, codeTtlMs: 300_000 }, { clock });
    actor.send({ type: 'SEND', loginId });
    await settle(actor);
    const view = () => connect(actor.getSnapshot(), actor.send, clock.now());
    expect(view()).toMatchObject({
      status: 'awaitingCode',
      canResend: false,
      resendInSeconds: 30,
      expiresInSeconds: 300,
    });
    expect(actor.getSnapshot().context).toMatchObject({
      resendAvailableAt: start + 30_000,
      codeExpiresAt: start + 300_000,
    });

    clock.increment(12_500);
    expect(view()).toMatchObject({ canResend: false, resendInSeconds: 18, expiresInSeconds: 288 });
    clock.increment(17_500);
    await until(() => view().canResend);
    expect(view().resendInSeconds).toBe(0);

    clock.increment(270_000);
    await tick();
    expect(actor.getSnapshot().matches({ awaitingCode: 'expired' })).toBe(true);
    expect(view()).toMatchObject({ expiresInSeconds: 0, error: { kind: 'codeExpired' } });

    view().resend();
    await settle(actor);
    expect(actor.getSnapshot().matches({ awaitingCode: 'valid' })).toBe(true);
    expect(view()).toMatchObject({
      canResend: false,
      resendInSeconds: 30,
      expiresInSeconds: 300,
      error: null,
    });
    view().submitCode(server.lastCode(loginId) ?? '');
    expect((await settle(actor)).value).toBe('authenticated');
  });

  it('keeps counting the cooldown while a verify is in flight', async ({ server, flow }) => {
    const clock = new SimulatedClock();
    const actor = flow({ channel: 'sms', resendCooldownMs: 1_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    server.fault({ path: /\/verify\//, kind: 'hang' });
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    expect(actor.getSnapshot().value).toBe('verifying');
    await until(() => server.openRequests() === 1);
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    clock.increment(1_000);
    await until(() => actor.getSnapshot().can({ type: 'RESEND' }));
    actor.send({ type: 'RESEND', channel: 'voice' });
    const snapshot = await settle(actor);
    expect(snapshot.context).toMatchObject({ channel: 'voice', generation: 2 });
    await until(() => server.openRequests() === 0);
  });

  it('expires a code whose deadline passed during its verify once that verify fails for another reason', async ({
    server,
    flow,
  }) => {
    const clock = new SimulatedClock();
    const actor = flow({ channel: 'sms', codeTtlMs: 60_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    server.fault({ path: /\/verify\//, kind: 'drop' });
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    expect(actor.getSnapshot().value).toBe('verifying');
    clock.increment(60_000);
    await until(() => actor.getSnapshot().matches({ awaitingCode: 'expired' }));
    expect(actor.getSnapshot().context.error).toEqual({ kind: 'codeExpired' });
    actor.stop();
  });
});

describe('a wait that has already passed', () => {
  it('a 429 with Retry-After: 0 lets the flow send again at once, with the clock standing still', async ({
    server,
    flow,
  }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const actor = flow({ channel: 'sms', resendCooldownMs: 0 }, { clock });
    server.fault({ path: /\/signup-in\//, kind: 'status', status: 429, retryAfterSeconds: 0 });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context).toMatchObject({
      error: { kind: 'rateLimited', retryAfterMs: 0 },
      retryAfterAt: 1_700_000_000_000,
      resendReady: true,
    });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    expect((await settle(actor)).value).toEqual({ awaitingCode: 'valid' });
    actor.stop();
  });
});

describe('long deadlines', () => {
  it('a cooldown longer than the longest timer a platform allows does not fire early', async ({
    server,
    flow,
  }) => {
    const longestTimerMs = 2 ** 31 - 1;
    const waitSeconds = 40 * 24 * 3_600;
    const delays: number[] = [];
    const clock = new (class extends SimulatedClock {
      override setTimeout(fn: (...args: unknown[]) => void, timeout: number) {
        delays.push(timeout);
        return super.setTimeout(fn, timeout);
      }
    })();
    clock.set(1_700_000_000_000);
    const start = clock.now();
    const actor = flow({ channel: 'sms', resendCooldownMs: 0 }, { clock });
    server.fault({ kind: 'status', status: 429, retryAfterSeconds: waitSeconds });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    expect(actor.getSnapshot().context).toMatchObject({
      error: { kind: 'rateLimited', retryAfterMs: waitSeconds * 1000 },
      resendAvailableAt: start + waitSeconds * 1000,
    });
    expect(actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() })).toBe(false);
    expect(delays).toContain(longestTimerMs);
    expect(Math.max(...delays)).toBe(longestTimerMs);
    clock.increment(longestTimerMs);
    expect(actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() })).toBe(false);
    expect(Math.max(...delays)).toBe(longestTimerMs);
    clock.increment(waitSeconds * 1000 - longestTimerMs);
    await until(() => actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() }));
    actor.stop();
  });
});

describe('connect', () => {
  it('renders idle, exposes the code input attributes and sends events', async ({ flow }) => {
    const actor = flow({ channel: 'sms' });
    const view = connect(actor.getSnapshot(), actor.send);
    expect(view).toMatchObject({
      status: 'idle',
      busy: false,
      canResend: false,
      resendInSeconds: 0,
      expiresInSeconds: null,
      attemptsLeft: null,
      error: null,
      channel: 'sms',
      codeInput: { autocomplete: 'one-time-code', inputmode: 'numeric' },
    });
    view.send('not-a-phone');
    const failed = connect(actor.getSnapshot(), actor.send);
    expect(failed.error).toMatchObject({
      kind: 'invalidInput',
      field: 'loginId',
      message: expect.stringContaining('valid'),
    });
    failed.send(uniquePhone());
    expect(connect(actor.getSnapshot(), actor.send)).toMatchObject({ status: 'sending', busy: true });
    await settle(actor);
    const waiting = connect(actor.getSnapshot(), actor.send);
    expect(waiting).toMatchObject({
      status: 'awaitingCode',
      maskedDestination: expect.stringContaining('*'),
      attemptsLeft: 3,
    });
    waiting.submitCode('000000');
    await settle(actor);
    waiting.reset();
    expect(connect(actor.getSnapshot(), actor.send)).toMatchObject({
      status: 'idle',
      error: null,
      maskedDestination: null,
    });
  });
});

describe('timer events sent from outside', () => {
  it("leave the cooldown running until its deadline has passed on the actor's clock", async ({ flow }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const actor = flow({ channel: 'sms', resendCooldownMs: 30_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    const early = { type: 'COOLDOWN_ELAPSED' } as unknown as OtpEvent;
    actor.send(early);
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    clock.increment(29_999);
    actor.send(early);
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    clock.increment(1);
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(true);
    actor.stop();
  });

  it("leave the code valid until its expiry has passed on the actor's clock", async ({ flow }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const actor = flow({ channel: 'sms', codeTtlMs: 60_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    actor.send({ type: 'CODE_EXPIRED' } as unknown as OtpEvent);
    expect(actor.getSnapshot().value).toEqual({ awaitingCode: 'valid' });
    expect(actor.getSnapshot().context.error).toBeNull();
    clock.increment(60_000);
    expect(actor.getSnapshot().value).toEqual({ awaitingCode: 'expired' });
    expect(actor.getSnapshot().context.error).toMatchObject({ kind: 'codeExpired' });
    actor.stop();
  });
});
