import { describe, expect, it } from 'vitest';
import {
  createActor,
  fromCallback,
  fromPromise,
  type InspectionEvent,
  SimulatedClock,
  setup,
  waitFor,
} from 'xstate';
import { clockOf, inputOf, nowOf } from '../../machines/time.ts';
import {
  otpMachine,
  otpStatechart,
  persistFlow,
  restoreFlow,
  type SendCodeInput,
  type SendCodeOutput,
} from '../../src/index.ts';

const input = {
  projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z',
  baseUrl: 'http://127.0.0.1:9',
  channel: 'sms' as const,
};

describe('what the machine reads of XState actors (fails loudly when an XState upgrade changes it)', () => {
  it('reads the clock and the input of a created actor', () => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const actor = createActor(otpMachine, { input, clock });
    expect(clockOf(actor)).toBe(clock);
    expect(nowOf(actor)).toBe(1_700_000_000_000);
    expect(inputOf(actor)).toBe(input);
  });

  it('reads the same clock from the self of a child actor, and falls back to Date.now() without one', () => {
    const clock = new SimulatedClock();
    clock.set(42);
    const seen: unknown[] = [];
    const child = fromCallback(({ self }) => {
      seen.push(clockOf(self), nowOf(self));
    });
    const parent = setup({ actors: { child } }).createMachine({ invoke: { src: 'child' } });
    createActor(parent, { clock }).start().stop();
    expect(seen).toEqual([clock, 42]);
    expect(clockOf({})).toBeUndefined();
    expect(inputOf({ clock })).toBeUndefined();
    expect(inputOf({ options: { input } })).toBeUndefined();
    expect(Math.abs(nowOf(undefined) - Date.now())).toBeLessThan(1_000);
  });

  it('restores settings from the input through otpStatechart, otpMachine and their provide()', () => {
    const persisted = persistFlow(createActor(otpMachine, { input }).start());
    for (const machine of [otpStatechart, otpMachine, otpMachine.provide({})]) {
      const restored = createActor(machine, {
        input: { ...input, codeLength: 8 },
        snapshot: restoreFlow(persisted),
      });
      expect(restored.getSnapshot().context.settings).toMatchObject({ channel: 'sms', codeLength: 8 });
    }
  });
});

describe('a restored flow re-arms its deadlines by sending itself their events', () => {
  const timerEvents = (persisted: ReturnType<typeof persistFlow>) => {
    const seen: string[] = [];
    const clock = new SimulatedClock();
    clock.set(1_000);
    const inspect = (event: InspectionEvent) => {
      if (event.type === '@xstate.event' && /^(COOLDOWN_ELAPSED|CODE_EXPIRED)$/.test(event.event.type))
        seen.push(event.event.type);
    };
    createActor(otpMachine, { input, clock, inspect, snapshot: restoreFlow(persisted) })
      .start()
      .stop();
    return seen;
  };

  it('none for a flow with no deadline pending', () => {
    expect(timerEvents(persistFlow(createActor(otpMachine, { input }).start()))).toEqual([]);
  });

  it('one for each pending deadline', () => {
    const persisted = persistFlow(createActor(otpMachine, { input }).start());
    const context = {
      ...persisted.context,
      resendReady: false,
      resendAvailableAt: 500,
      codeExpiresAt: 5_000,
    };
    expect(timerEvents({ ...persisted, context })).toEqual(['COOLDOWN_ELAPSED', 'CODE_EXPIRED']);
  });
});

describe('otpStatechart with a service slot left empty', () => {
  const failedServices = () => {
    const messages: string[] = [];
    const inspect = (event: InspectionEvent) => {
      if (event.type === '@xstate.event' && event.event.type.startsWith('xstate.error.actor'))
        messages.push(String((event.event as { error?: Error }).error?.message));
    };
    return { messages, inspect };
  };

  it('fails the send as a server failure with status 0, naming the slot', async () => {
    const { messages, inspect } = failedServices();
    const actor = createActor(otpStatechart, { input, inspect }).start();
    actor.send({ type: 'SEND', loginId: '+14155550100' });
    const snapshot = await waitFor(actor, (s) => !s.matches('sending'));
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.error).toEqual({ kind: 'server', status: 0 });
    expect([...new Set(messages)]).toEqual(['sendCode not provided']);
    actor.stop();
  });

  it('fails the verify the same way when only sendCode is provided', async () => {
    const { messages, inspect } = failedServices();
    const sendCode = fromPromise<SendCodeOutput, SendCodeInput>(async () => ({ verificationAttempts: 3 }));
    const machine = otpStatechart.provide({ actors: { sendCode } });
    const actor = createActor(machine, { input: { ...input, resendCooldownMs: 0 }, inspect }).start();
    actor.send({ type: 'SEND', loginId: '+14155550100' });
    await waitFor(actor, (s) => s.matches('awaitingCode'));
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    const snapshot = await waitFor(actor, (s) => !s.matches('verifying'));
    expect(snapshot.matches('awaitingCode')).toBe(true);
    expect(snapshot.context.error).toEqual({ kind: 'server', status: 0 });
    expect([...new Set(messages)]).toEqual(['verifyCode not provided']);
    actor.stop();
  });
});
