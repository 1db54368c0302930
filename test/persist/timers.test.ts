import { describe, expect } from 'vitest';
import { connect } from '../../src/index.ts';
import { type FlowFixtures, test as it } from '../helpers/fixtures.ts';
import { settle, uniquePhone } from '../helpers/flow.ts';
import { tick, until } from '../helpers/wait.ts';
import { clockAt, inputFor, received, reload, START, sentFlow } from './helpers.ts';

it.afterEach(({ server }) => server.clearFaults());

const cooledDownFlow = (fixtures: FlowFixtures, extra = {}) =>
  sentFlow(fixtures, { resendCooldownMs: 30_000, ...extra });

describe('deadlines survive a restore as absolute times', () => {
  it('keeps the cooldown running until resendAvailableAt on the new clock', async ({ server, flow }) => {
    const { actor, clock, input, loginId } = await cooledDownFlow({ server, flow });
    clock.increment(10_000);
    const { persisted, restored, clock: later } = reload(flow, actor, input, clock);
    expect(persisted.context).toMatchObject({ resendAvailableAt: START + 30_000, resendReady: false });
    await tick();
    expect(restored.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    expect(connect(restored.getSnapshot(), restored.send, later.now()).resendInSeconds).toBe(20);
    later.increment(19_999);
    await tick();
    expect(restored.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    later.increment(1);
    await until(() => restored.getSnapshot().can({ type: 'RESEND' }));
    const before = server.requests.length;
    restored.send({ type: 'RESEND' });
    await settle(restored);
    expect(server.requests.length).toBe(before + 1);
    restored.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    expect((await settle(restored)).value).toBe('authenticated');
  });

  it('allows the resend at once when the cooldown ended while the flow was stored', async ({
    server,
    flow,
  }) => {
    const { actor, clock, input } = await cooledDownFlow({ server, flow });
    const { restored } = reload(flow, actor, input, clock, 45_000);
    await until(() => restored.getSnapshot().can({ type: 'RESEND' }));
    expect(restored.getSnapshot().context.resendReady).toBe(true);
  });

  it('keeps a rate-limit wait on a first send in idle', async ({ server, flow }) => {
    const clock = clockAt(START);
    const input = inputFor(server);
    const loginId = uniquePhone();
    const actor = flow(input, { clock });
    server.fault({ kind: 'status', status: 429, retryAfterSeconds: 20, path: '/v1/auth/otp/signup-in' });
    actor.send({ type: 'SEND', loginId });
    await settle(actor);
    const { persisted, restored, clock: later } = reload(flow, actor, input, clock);
    expect(persisted).toMatchObject({ state: 'idle', context: { resendReady: false, loginId } });
    await tick();
    expect(restored.getSnapshot().can({ type: 'SEND', loginId })).toBe(false);
    later.increment(20_000);
    await until(() => restored.getSnapshot().can({ type: 'SEND', loginId }));
  });

  it('expires the code at codeExpiresAt on the new clock', async ({ server, flow }) => {
    const { actor, clock, input } = await cooledDownFlow({ server, flow }, { codeTtlMs: 60_000 });
    clock.increment(15_000);
    const { persisted, restored, clock: later } = reload(flow, actor, input, clock);
    expect(persisted.context.codeExpiresAt).toBe(START + 60_000);
    await tick();
    expect(connect(restored.getSnapshot(), restored.send, later.now()).expiresInSeconds).toBe(45);
    later.increment(44_999);
    await tick();
    expect(restored.getSnapshot().matches({ awaitingCode: 'valid' })).toBe(true);
    later.increment(1);
    await until(() => restored.getSnapshot().matches({ awaitingCode: 'expired' }));
    expect(restored.getSnapshot().context.error).toEqual({ kind: 'codeExpired' });
  });

  it('expires at once a code whose deadline passed while the flow was stored, without a request', async ({
    server,
    flow,
  }) => {
    const { actor, clock, input } = await cooledDownFlow({ server, flow }, { codeTtlMs: 60_000 });
    const before = server.requests.length;
    const { restored, requested } = reload(flow, actor, input, clock, 61_000);
    await until(() => restored.getSnapshot().matches({ awaitingCode: 'expired' }));
    restored.send({ type: 'SUBMIT_CODE', code: '123456' });
    expect(requested).toEqual([]);
    expect(server.requests.length).toBe(before);
    expect(restored.getSnapshot().context.error).toEqual({ kind: 'codeExpired' });
  });

  it('re-arms the expiry of a flow persisted mid-verify', async ({ server, flow }) => {
    const { actor, clock, input, loginId } = await cooledDownFlow({ server, flow }, { codeTtlMs: 60_000 });
    server.fault({ kind: 'hang', path: '/v1/auth/otp/verify' });
    const before = server.requests.length;
    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    await received(server, before + 1);
    const { restored, clock: later } = reload(flow, actor, input, clock);
    await tick();
    expect(restored.getSnapshot().matches({ awaitingCode: 'valid' })).toBe(true);
    later.increment(60_000);
    await until(() => restored.getSnapshot().matches({ awaitingCode: 'expired' }));
    expect(server.requests.length).toBe(before + 1);
  });
});

describe('a rate-limited verify', () => {
  it('arms the wait it was given: the resend opens once Retry-After has passed', async ({ server, flow }) => {
    const { actor, clock } = await sentFlow({ server, flow }, { resendCooldownMs: 0 });
    server.fault({ kind: 'status', status: 429, retryAfterSeconds: 20, path: '/v1/auth/otp/verify' });
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    const waiting = await settle(actor);
    expect(waiting.context).toMatchObject({ error: { kind: 'rateLimited' }, resendReady: false });
    clock.increment(19_999);
    await tick();
    expect(actor.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    clock.increment(1);
    await until(() => actor.getSnapshot().can({ type: 'RESEND' }));
  });
});
