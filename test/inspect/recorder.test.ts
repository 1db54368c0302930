import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { otpMachine } from '../../src/index.ts';
import { type PageMessage, Recorder } from '../../src/inspector/recorder.ts';

const input = { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' };

function recorder(limit = 1000) {
  const sent: PageMessage[] = [];
  return { sent, recorder: new Recorder(limit, false, (message) => sent.push(message)) };
}

const flowsOf = (sent: PageMessage[]) =>
  sent.flatMap((message) => (message.kind === 'flow' ? [message.flow] : []));

const rooted = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  rootId: 'x:0',
  actorRef: { id: 'x:0', sessionId: 'x:0' },
  ...extra,
});

describe('the inspector recorder', () => {
  it('makes one flow per root actor, named by its session and its masked login ID', () => {
    const { sent, recorder: record } = recorder();
    const local = {};
    const actors = [0, 1].map(() =>
      createActor(otpMachine, { input, inspect: (event) => record.record(event, local) }).start(),
    );
    record.record(
      rooted('@xstate.snapshot', { snapshot: { value: 'idle', context: { loginId: 'ada@example.com' } } }),
      local,
    );
    for (const actor of actors) actor.stop();
    const flows = flowsOf(sent);
    const ids = [...new Set(flows.map((flow) => flow.id))];
    expect(ids).toEqual(['flow-1', 'flow-2', 'flow-3']);
    expect(flows.at(-1)).toMatchObject({ session: 'x:0', loginId: 'ad***@example.com' });
    expect(JSON.stringify(flows)).not.toContain('ada@example.com');
    const inspections = sent.filter((message) => message.kind === 'inspection');
    expect(new Set(inspections.map((message) => message.flow))).toEqual(new Set(ids));
  });

  it('groups a server flow by its flow ID across sources, keeping each event’s instance', () => {
    const { sent, recorder: record } = recorder();
    const [east, west] = [{}, {}];
    record.record(rooted('@xstate.actor', { flowId: 'f1', instance: 'east' }), east);
    record.record(rooted('@xstate.event', { flowId: 'f1', instance: 'east', event: { type: 'SEND' } }), east);
    record.record(rooted('@xstate.actor', { flowId: 'f1', instance: 'west' }), west);
    record.record(rooted('@xstate.event', { flowId: 'f2', instance: 'west', event: { type: 'SEND' } }), west);
    const flows = flowsOf(sent);
    expect(flows.map((flow) => flow.serverFlow)).toEqual(['f1', 'f2']);
    const inspections = sent.flatMap((message) => (message.kind === 'inspection' ? [message] : []));
    expect(inspections.map((message) => [message.flow, message.instance])).toEqual([
      [flows[0]!.id, 'east'],
      [flows[0]!.id, 'east'],
      [flows[0]!.id, 'west'],
      [flows[1]!.id, 'west'],
    ]);
    expect(inspections.every((message) => !('flowId' in (message.event as object)))).toBe(true);
  });

  it('replays the flows and only the latest events, within its limit', () => {
    const { recorder: record } = recorder(3);
    const source = {};
    for (let i = 0; i < 5; i += 1)
      record.record(rooted('@xstate.event', { event: { type: `E${i}` } }), source);
    const replay = record.replay();
    expect(replay.filter((message) => message.kind === 'flow')).toHaveLength(1);
    expect(
      replay.flatMap((message) =>
        message.kind === 'inspection' ? [(message.event as { event: { type: string } }).event.type] : [],
      ),
    ).toEqual(['E2', 'E3', 'E4']);
  });
});
