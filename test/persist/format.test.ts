import { describe, expect } from 'vitest';
import { type AnyStateMachine, createActor, fromPromise } from 'xstate';
import {
  connect,
  type OtpSession,
  otpMachine,
  persistFlow,
  restoreFlow,
  type VerifyCodeInput,
} from '../../src/index.ts';
import { type FlowFixtures, test as it } from '../helpers/fixtures.ts';
import { settle, uniquePhone } from '../helpers/flow.ts';
import { inputFor, START, sentFlow, throughJson } from './helpers.ts';

/** The machine typed without its required input, to start it the way untyped callers can. */
const withoutInput: AnyStateMachine = otpMachine;

const awaitingFlow = (fixtures: FlowFixtures) => sentFlow(fixtures, { codeTtlMs: 300_000 });

describe('persistFlow', () => {
  it('writes a small versioned object that survives JSON unchanged', async ({ server, flow }) => {
    const { actor, loginId } = await awaitingFlow({ server, flow });
    const persisted = persistFlow(actor);
    expect(persisted).toEqual({
      format: 'descope-otp-machine/flow',
      version: 2,
      state: 'awaitingCode.valid',
      context: {
        loginId,
        channel: 'sms',
        maskedDestination: `+*******${loginId.slice(-4)}`,
        newAddress: null,
        generation: 1,
        attemptsLeft: 3,
        resendAvailableAt: START + 30_000,
        resendReady: false,
        retryAfterAt: 0,
        codeExpiresAt: START + 300_000,
        error: null,
      },
      savedAt: START,
    });
    expect(throughJson(persisted)).toEqual(persisted);
    expect(JSON.stringify(persisted).length).toBeLessThan(400);
  });

  it('reads a snapshot as well as an actor, and a stopped actor', async ({ server, flow }) => {
    const { actor } = await awaitingFlow({ server, flow });
    const before = Date.now();
    const fromSnapshot = persistFlow(actor.getSnapshot());
    expect(fromSnapshot.savedAt).toBeGreaterThanOrEqual(before);
    actor.stop();
    expect({ ...persistFlow(actor), savedAt: 0 }).toEqual({ ...fromSnapshot, savedAt: 0 });
  });

  it('leaves out undefined fields instead of writing them', ({ server, flow }) => {
    const persisted = persistFlow(flow(inputFor(server)));
    expect(Object.keys(persisted.context)).not.toContain('attemptsLeft');
    expect(Object.keys(persisted.context)).not.toContain('codeExpiresAt');
    expect(persisted).toMatchObject({ state: 'idle', context: { loginId: '', generation: 0 } });
  });

  it('refuses a snapshot of another machine', () => {
    expect(() => persistFlow({ value: { a: { b: 'c' } }, context: {} as never })).toThrow(
      'persistFlow: not an otpMachine flow',
    );
  });
});

describe('restoring takes the settings and the refresh JWT from input', () => {
  it('builds the settings from the input given to createActor', async ({ server, flow }) => {
    const { actor, input, clock } = await awaitingFlow({ server, flow });
    const snapshot = restoreFlow(throughJson(persistFlow(actor)));
    expect(JSON.stringify(snapshot)).not.toContain('settings');
    const restored = createActor(otpMachine, {
      clock,
      input: { ...input, codeLength: 8 },
      snapshot,
    }).start();
    expect(restored.getSnapshot().context.settings).toMatchObject({ baseUrl: server.url, codeLength: 8 });
    expect(connect(restored.getSnapshot(), restored.send).codeInput.maxlength).toBe(10);
  });

  it('without input, a restored flow refuses to send instead of crashing', async ({ server, flow }) => {
    const { actor } = await awaitingFlow({ server, flow });
    actor.send({ type: 'RESET' });
    const before = server.requests.length;
    const restored = createActor(withoutInput, { snapshot: restoreFlow(persistFlow(actor)) }).start();
    restored.send({ type: 'SEND', loginId: uniquePhone() });
    expect(restored.getSnapshot()).toMatchObject({
      status: 'active',
      value: 'idle',
      context: { error: { kind: 'invalidInput', field: 'projectId' } },
    });
    expect(server.requests.length).toBe(before);
  });

  it('works for a machine made with provide()', async ({ server, flow }) => {
    const { actor, input, clock } = await awaitingFlow({ server, flow });
    const provided = otpMachine.provide({
      actors: {
        verifyCode: fromPromise<OtpSession, VerifyCodeInput>(async () => ({
          sessionJwt: 'provided',
          firstSeen: false,
          user: {},
        })),
      },
    });
    const restored = createActor(provided, {
      clock,
      input,
      snapshot: restoreFlow(persistFlow(actor)),
    }).start();
    expect(restored.getSnapshot().context.settings.projectId).toBe(server.projectId);
    restored.send({ type: 'SUBMIT_CODE', code: '000000' });
    expect((await settle(restored)).output?.sessionJwt).toBe('provided');
  });

  it('also gives a snapshot from getPersistedSnapshot() its refresh JWT back after JSON', ({
    server,
    flow,
  }) => {
    const input = { ...inputFor(server), refreshJwt: 'refresh-jwt-value' };
    const actor = flow(input);
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    expect(persisted.context.refreshJwt).toBeUndefined();
    const restored = createActor(otpMachine, { input, snapshot: persisted }).start();
    expect(restored.getSnapshot().context.refreshJwt?.reveal()).toBe('refresh-jwt-value');
    const without = createActor(withoutInput, { snapshot: persisted }).start();
    expect(without.getSnapshot().context.refreshJwt).toBeNull();
  });
});
