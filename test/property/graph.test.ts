import { afterAll, describe, expect, it, vi } from 'vitest';
import type { EventFromLogic } from 'xstate';
import {
  type AnyStateNode,
  type AnyTransitionDefinition,
  initialTransition,
  type SnapshotFrom,
  type StateValue,
  transition,
} from 'xstate';
import { getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph';
import { OtpError, type OtpFailure, otpMachine } from '../../src/index.ts';

type OtpEvent = EventFromLogic<typeof otpMachine>;

type Snapshot = SnapshotFrom<typeof otpMachine>;
type GraphEvent = OtpEvent | { type: string; [key: string]: unknown };
type Path = StatePath<Snapshot, OtpEvent>;

const input = {
  projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z',
  baseUrl: 'http://127.0.0.1:9',
  channel: 'sms' as const,
  codeTtlMs: 120_000,
};

const failed = (id: string, failure: OtpFailure): GraphEvent => ({
  type: `xstate.error.actor.${id}`,
  error: new OtpError(failure),
});

const userEvents: GraphEvent[] = [
  { type: 'SEND', loginId: '+14155550100' },
  { type: 'SEND', loginId: 'not-a-phone' },
  { type: 'SUBMIT_CODE', code: '123456' },
  { type: 'SUBMIT_CODE', code: '12a' },
  { type: 'RESEND' },
  { type: 'RESEND', channel: 'voice' },
  { type: 'RESEND', channel: 'email' },
  { type: 'RESET' },
];

const actorEvents: Record<string, GraphEvent[]> = {
  sendCode: [
    {
      type: 'xstate.done.actor.sendCode',
      output: { maskedDestination: '+*******0100', verificationAttempts: 3 },
    },
    failed('sendCode', { kind: 'network' }),
    failed('sendCode', { kind: 'rateLimited', retryAfterMs: 60_000 }),
    failed('sendCode', { kind: 'userNotFound' }),
  ],
  verifyCode: [
    {
      type: 'xstate.done.actor.verifyCode',
      output: { sessionJwt: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln', firstSeen: true, user: {} },
    },
    failed('verifyCode', { kind: 'wrongCode' }),
    failed('verifyCode', { kind: 'codeExpired' }),
    failed('verifyCode', { kind: 'tooManyAttempts' }),
    failed('verifyCode', { kind: 'timeout' }),
  ],
};

/** The machine's clock: delayed events it schedules for itself, offered in every state. */
const clockEvents: GraphEvent[] = [{ type: 'COOLDOWN_ELAPSED' }, { type: 'CODE_EXPIRED' }];

/**
 * The machine acts on a timer's event only once its deadline has passed on the clock, so a day passes before
 * every step: each deadline set earlier has passed by the time a timer's event is tried.
 */
vi.useFakeTimers({ toFake: ['Date'] });
afterAll(() => vi.useRealTimers());
const dayMs = 86_400_000;

/** User and clock events always; an actor's done/error events only while that actor runs. */
const eventsOf = (snapshot: Snapshot): OtpEvent[] => {
  vi.setSystemTime(Date.now() + dayMs);
  return [
    ...userEvents,
    ...clockEvents,
    ...Object.keys(snapshot.children).flatMap((id) => actorEvents[id] ?? []),
  ] as OtpEvent[];
};

const serializeState = (snapshot: Snapshot) =>
  JSON.stringify([
    snapshot.value,
    snapshot.status,
    snapshot.context.generation > 0,
    snapshot.context.resendReady,
    snapshot.context.error?.kind ?? null,
  ]);

const traversal = { input, events: eventsOf, serializeState };

const stateNodes = (node: AnyStateNode): AnyStateNode[] => [
  node,
  ...Object.values(node.states).flatMap((child) => stateNodes(child as AnyStateNode)),
];

const allNodes = stateNodes(otpMachine.root);
const allTransitions = allNodes.flatMap((node) => [...node.transitions.values()].flat());

const describeTransition = (t: AnyTransitionDefinition): string => {
  const siblings = t.source.transitions.get(t.eventType) ?? [];
  const targets = t.target?.map((node: AnyStateNode) => node.id).join(',') ?? '(stay)';
  return `${t.source.id} --${t.eventType}[${siblings.indexOf(t)}]--> ${targets}`;
};

const stateValueAt = (path: readonly string[]): StateValue =>
  path.length === 1 ? path[0]! : { [path[0]!]: stateValueAt(path.slice(1)) };

/** The path's snapshots with the event that left each one (the last has none). */
const walk = (path: Path): Array<[Snapshot, OtpEvent | undefined]> => {
  const [initial] = initialTransition(otpMachine, input);
  const snapshots = [initial, ...path.steps.map((step) => step.state)];
  const events = path.steps.map((step) => step.event as GraphEvent);
  const offset = events[0]?.type === 'xstate.init' ? 1 : 0;
  return snapshots.slice(offset).map((snapshot, index) => [snapshot, events[index + offset] as OtpEvent]);
};

const coverage = (paths: Path[]) => {
  const nodes = new Set<AnyStateNode>();
  const transitions = new Set<AnyTransitionDefinition>();
  const take = (snapshot: Snapshot, event: OtpEvent) => {
    if (snapshot.status !== 'active') return;
    for (const t of otpMachine.getTransitionData(snapshot, event)) transitions.add(t);
  };
  for (const path of paths) {
    for (const [snapshot, event] of walk(path)) {
      for (const node of allNodes)
        if (node.path.length === 0 || snapshot.matches(stateValueAt(node.path) as never)) nodes.add(node);
      if (event) take(snapshot, event);
    }
    for (const event of eventsOf(path.state)) take(path.state, event);
  }
  return { nodes, transitions };
};

describe('otpMachine graph (xstate/graph)', () => {
  const shortest = getShortestPaths(otpMachine, traversal);

  it('reaches every state node and takes every transition (shortest paths plus one step)', () => {
    const { nodes, transitions } = coverage(shortest);
    expect(
      allNodes.filter((node) => !nodes.has(node)).map((node) => node.id),
      'state nodes no path reaches',
    ).toEqual([]);
    expect(
      allTransitions.filter((t) => !transitions.has(t)).map(describeTransition),
      'transitions no path takes',
    ).toEqual([]);
    expect(allTransitions.length).toBeGreaterThanOrEqual(20);
  });

  it('every reachable state has a clean context, and RESET leads all but authenticated back to idle', () => {
    for (const path of shortest) {
      const snapshot = path.state;
      const json = JSON.stringify(snapshot.context);
      const context = JSON.parse(json);
      expect(context.code === undefined || snapshot.matches('verifying'), 'code only while verifying').toBe(
        true,
      );
      expect(json, 'no token in context').not.toMatch(/eyJ[\w-]+\./);
      if (snapshot.status === 'done') continue;
      const [next] = transition(otpMachine, snapshot, { type: 'RESET' });
      expect(next.value, `RESET from ${JSON.stringify(snapshot.value)}`).toBe('idle');
      expect(next.context.generation).toBe(0);
    }
  });

  it('every simple path to authenticated ends with a verify answer after a sent code', () => {
    const paths = getSimplePaths(otpMachine, {
      ...traversal,
      serializeState: (snapshot) =>
        JSON.stringify([
          snapshot.value,
          snapshot.context.generation > 0,
          snapshot.context.resendReady,
          snapshot.context.error === null,
        ]),
      toState: (snapshot) => snapshot.status === 'done',
    });
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const types: string[] = path.steps.map((step) => step.event.type);
      const label = types.join(' → ');
      expect(types.at(-1), label).toBe('xstate.done.actor.verifyCode');
      expect(path.steps.at(-2)?.state.matches('verifying'), label).toBe(true);
      const lastSend = types.lastIndexOf('xstate.done.actor.sendCode');
      const lastSubmit = types.lastIndexOf('SUBMIT_CODE');
      expect(lastSend, `${label}: a code was sent`).toBeGreaterThan(-1);
      expect(lastSubmit, `${label}: the newest code was submitted`).toBeGreaterThan(lastSend);
      expect(path.state.context.generation, label).toBeGreaterThan(0);
    }
  });
});
