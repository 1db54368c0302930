import { describe, expect } from 'vitest';
import { persistFlow, restoreFlow } from '../../src/index.ts';
import { holds, wrongCode } from '../helpers/codes.ts';
import { test as it } from '../helpers/fixtures.ts';
import { type OtpActor, settle, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';
import { clockAt, inputFor, received, reload, START, sentFlow } from './helpers.ts';

it.afterEach(({ server }) => server.clearFaults());

async function finish(actor: OtpActor, code: string) {
  actor.send({ type: 'SUBMIT_CODE', code });
  const snapshot = await settle(actor);
  expect(snapshot.value).toBe('authenticated');
  expect(snapshot.output?.sessionJwt).toEqual(expect.any(String));
}

describe('restoreFlow resumes every state without a request of its own', () => {
  it('idle before any send', async ({ server, flow }) => {
    const clock = clockAt(START);
    const input = inputFor(server);
    const before = server.requests.length;
    const { persisted, restored, requested } = reload(flow, flow(input, { clock }), input, clock);
    expect(requested).toEqual([]);
    expect(persisted.state).toBe('idle');
    expect(server.requests.length).toBe(before);
    expect(restored.getSnapshot().value).toBe('idle');
    const loginId = uniquePhone();
    restored.send({ type: 'SEND', loginId });
    await settle(restored);
    await finish(restored, server.lastCode(loginId) ?? '');
  });

  it('sending a first code: resumes in idle with the login ID kept', async ({ server, flow }) => {
    const clock = clockAt(START);
    const input = inputFor(server);
    const loginId = uniquePhone();
    const actor = flow(input, { clock });
    server.fault({ kind: 'hang', path: '/v1/auth/otp/signup-in' });
    const before = server.requests.length;
    actor.send({ type: 'SEND', loginId });
    await received(server, before + 1);
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted.state).toBe('sending');
    expect(server.requests.length).toBe(before + 1);
    expect(restored.getSnapshot()).toMatchObject({
      value: 'idle',
      context: { loginId, generation: 0, pendingChannel: null, error: null },
    });
    restored.send({ type: 'SEND', loginId: restored.getSnapshot().context.loginId });
    await settle(restored);
    expect(server.deliveries.filter((delivery) => delivery.loginId === loginId)).toHaveLength(1);
    await finish(restored, server.lastCode(loginId) ?? '');
  });

  it('awaitingCode: same state, same code, cooldown still running', async ({ server, flow }) => {
    const { actor, clock, input, code } = await sentFlow({ server, flow });
    const before = server.requests.length;
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted.state).toBe('awaitingCode.valid');
    expect(server.requests.length).toBe(before);
    expect(restored.getSnapshot().matches({ awaitingCode: 'valid' })).toBe(true);
    expect(restored.getSnapshot().can({ type: 'RESEND' })).toBe(false);
    await finish(restored, code);
  });

  it('awaitingCode after a wrong code: the error and the attempts left survive', async ({ server, flow }) => {
    const { actor, clock, input, code } = await sentFlow({ server, flow });
    actor.send({ type: 'SUBMIT_CODE', code: wrongCode(code) });
    await settle(actor);
    const before = server.requests.length;
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(server.requests.length).toBe(before);
    expect(persisted.context).toMatchObject({
      attemptsLeft: 2,
      error: { kind: 'wrongCode', attemptsLeft: 2 },
    });
    expect(restored.getSnapshot().context).toMatchObject({
      attemptsLeft: 2,
      error: { kind: 'wrongCode', attemptsLeft: 2, errorCode: 'E061102' },
    });
    await finish(restored, code);
  });

  it('awaitingCode.expired: stays expired, and a resend revives it', async ({ server, flow }) => {
    const { actor, clock, input, loginId } = await sentFlow({ server, flow }, { codeTtlMs: 60_000 });
    clock.increment(60_000);
    await until(() => actor.getSnapshot().matches({ awaitingCode: 'expired' }));
    const before = server.requests.length;
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted.state).toBe('awaitingCode.expired');
    expect(server.requests.length).toBe(before);
    expect(restored.getSnapshot()).toMatchObject({
      value: { awaitingCode: 'expired' },
      context: { error: { kind: 'codeExpired' } },
    });
    restored.send({ type: 'RESEND' });
    await settle(restored);
    expect(restored.getSnapshot().context.generation).toBe(2);
    await finish(restored, server.lastCode(loginId) ?? '');
  });

  it('awaitingCode.expired saved without its error: a code is refused as expired, with no request', async ({
    server,
    flow,
  }) => {
    const { actor, clock, input } = await sentFlow({ server, flow }, { codeTtlMs: 60_000 });
    clock.increment(60_000);
    await until(() => actor.getSnapshot().matches({ awaitingCode: 'expired' }));
    const persisted = persistFlow(actor);
    actor.stop();
    const snapshot = restoreFlow({ ...persisted, context: { ...persisted.context, error: null } });
    const restored = flow(input, { clock: clockAt(clock.now()), snapshot });
    expect(restored.getSnapshot().context.error).toBeNull();
    const before = server.requests.length;
    restored.send({ type: 'SUBMIT_CODE', code: '123456' });
    expect(restored.getSnapshot()).toMatchObject({
      status: 'active',
      value: { awaitingCode: 'expired' },
      context: { error: { kind: 'codeExpired' } },
    });
    expect(server.requests.length).toBe(before);
  });

  it('verifying: resumes in awaitingCode and the same code still signs in', async ({ server, flow }) => {
    const { actor, clock, input, code } = await sentFlow({ server, flow });
    server.fault({ kind: 'hang', path: '/v1/auth/otp/verify' });
    const before = server.requests.length;
    actor.send({ type: 'SUBMIT_CODE', code });
    await received(server, before + 1);
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted.state).toBe('verifying');
    expect(server.requests.length).toBe(before + 1);
    expect(restored.getSnapshot()).toMatchObject({
      value: { awaitingCode: 'valid' },
      context: { generation: 1 },
    });
    expect(holds(JSON.stringify(restored.getSnapshot().context), code)).toBe(false);
    await finish(restored, code);
  });

  it('sending a resend: resumes in awaitingCode with the resend available again', async ({
    server,
    flow,
  }) => {
    const { actor, clock, input, code } = await sentFlow({ server, flow });
    clock.increment(30_000);
    await until(() => actor.getSnapshot().can({ type: 'RESEND' }));
    server.fault({ kind: 'hang', path: '/v1/auth/otp/signup-in' });
    const before = server.requests.length;
    actor.send({ type: 'RESEND', channel: 'voice' });
    await received(server, before + 1);
    expect(actor.getSnapshot().value).toBe('sending');
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted).toMatchObject({ state: 'sending', context: { generation: 1, channel: 'sms' } });
    expect(server.requests.length).toBe(before + 1);
    const snapshot = restored.getSnapshot();
    expect(snapshot.matches({ awaitingCode: 'valid' })).toBe(true);
    expect(snapshot.context).toMatchObject({ channel: 'sms', pendingChannel: null, generation: 1 });
    expect(snapshot.can({ type: 'RESEND' })).toBe(true);
    await finish(restored, code);
  });

  it('authenticated: restores as done, without the session', async ({ server, flow }) => {
    const { actor, clock, input, code } = await sentFlow({ server, flow });
    await finish(actor, code);
    const before = server.requests.length;
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted.state).toBe('authenticated');
    expect(server.requests.length).toBe(before);
    expect(restored.getSnapshot()).toMatchObject({
      status: 'done',
      value: 'authenticated',
      output: undefined,
    });
  });

  it('failed: keeps the failure, and RESET starts over', async ({ server, flow }) => {
    const clock = clockAt(START);
    const input = inputFor(server, { operation: 'signIn' });
    const actor = flow(input, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    const before = server.requests.length;
    const { persisted, restored, requested } = reload(flow, actor, input, clock);
    expect(requested).toEqual([]);
    expect(persisted).toMatchObject({ state: 'failed', context: { error: { kind: 'userNotFound' } } });
    expect(server.requests.length).toBe(before);
    expect(restored.getSnapshot()).toMatchObject({
      value: 'failed',
      context: { error: { kind: 'userNotFound' } },
    });
    restored.send({ type: 'RESET' });
    expect(restored.getSnapshot()).toMatchObject({ value: 'idle', context: { error: null } });
    expect(server.requests.length).toBe(before);
  });
});
