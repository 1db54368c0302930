import { afterAll, describe, expect, it } from 'vitest';
import { type AnyStateMachine, createActor, fromPromise } from 'xstate';
import {
  connect,
  type OtpSession,
  otpMachine,
  persistFlow,
  restoreFlow,
  type VerifyCodeInput,
} from '../../src/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { settle, startFlow, uniquePhone } from '../helpers/flow.ts';
import { inputFor, quiet, START, sentFlow, throughJson } from './helpers.ts';

const server = await createTestServer();
afterAll(() => server.close());

/** The machine typed without its required input, to start it the way untyped callers can. */
const withoutInput: AnyStateMachine = otpMachine;

const awaitingFlow = () => sentFlow(server, { codeTtlMs: 300_000 });

describe('persistFlow', () => {
  it('writes a small versioned object that survives JSON unchanged', async () => {
    const { actor, loginId } = await awaitingFlow();
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

  it('reads a snapshot as well as an actor, and a stopped actor', async () => {
    const { actor } = await awaitingFlow();
    const before = Date.now();
    const fromSnapshot = persistFlow(actor.getSnapshot());
    expect(fromSnapshot.savedAt).toBeGreaterThanOrEqual(before);
    actor.stop();
    expect({ ...persistFlow(actor), savedAt: 0 }).toEqual({ ...fromSnapshot, savedAt: 0 });
  });

  it('leaves out undefined fields instead of writing them', () => {
    const persisted = persistFlow(startFlow(server, inputFor(server)));
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
  it('builds the settings from the input given to createActor', async () => {
    const { actor, input, clock } = await awaitingFlow();
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

  it('without input, a restored flow refuses to send instead of crashing', async () => {
    const { actor } = await awaitingFlow();
    actor.send({ type: 'RESET' });
    const before = server.requests.length;
    const restored = createActor(withoutInput, { snapshot: restoreFlow(persistFlow(actor)) }).start();
    restored.send({ type: 'SEND', loginId: uniquePhone() });
    await quiet();
    expect(restored.getSnapshot()).toMatchObject({
      status: 'active',
      value: 'idle',
      context: { error: { kind: 'invalidInput', field: 'projectId' } },
    });
    expect(server.requests.length).toBe(before);
  });

  it('works for a machine made with provide()', async () => {
    const { actor, input, clock } = await awaitingFlow();
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

  it('also gives a snapshot from getPersistedSnapshot() its refresh JWT back after JSON', () => {
    const input = { ...inputFor(server), refreshJwt: 'refresh-jwt-value' };
    const actor = startFlow(server, input);
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
    expect(persisted.context.refreshJwt).toBeUndefined();
    const restored = createActor(otpMachine, { input, snapshot: persisted }).start();
    expect(restored.getSnapshot().context.refreshJwt?.reveal()).toBe('refresh-jwt-value');
    const without = createActor(withoutInput, { snapshot: persisted }).start();
    expect(without.getSnapshot().context.refreshJwt).toBeNull();
  });
});
