import { afterAll, describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { leaks } from '../inspect/flows.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };

interface Tagged {
  type: string;
  flowId?: string;
  instance?: string;
  rootId?: string;
  actorRef?: { sessionId?: string };
  event?: { type?: string };
}

describe('createOtpFlows({ inspect }): each step streams its redacted events tagged with the flow', () => {
  it('tags every event of every step with the flow ID and the instance, and redacts them first', async () => {
    const events: Tagged[] = [];
    const store = memoryFlowStore();
    const sink = (event: InspectionEvent) => events.push(event as unknown as Tagged);
    const one = createOtpFlows({ input, store, inspect: sink, instance: 'one' });
    const two = createOtpFlows({ input, store, inspect: sink });
    const loginId = uniqueEmail();
    const { flowId } = await one.start({ loginId });
    const wrong = wrongCode(descope.lastCode(loginId) ?? '');
    expect((await two.submitCode(flowId, wrong)).error).toMatchObject({ kind: 'wrongCode' });
    expect((await one.resend(flowId)).error).toBeNull();
    const done = await two.submitCode(flowId, descope.lastCode(loginId) ?? '');
    expect(done.status).toBe('authenticated');

    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events.map((event) => event.flowId))).toEqual(new Set([flowId]));
    const roots = events.filter((e) => e.type === '@xstate.actor' && e.actorRef?.sessionId === e.rootId);
    expect(roots.map((event) => event.instance)).toEqual([
      'one',
      `pid ${process.pid}`,
      'one',
      `pid ${process.pid}`,
    ]);
    const sent = events.filter((event) => event.type === '@xstate.event').map((event) => event.event?.type);
    expect(sent).toEqual(
      expect.arrayContaining(['SEND', 'SUBMIT_CODE', 'RESEND', 'xstate.done.actor.verifyCode']),
    );

    const text = JSON.stringify(events);
    const secrets = {
      codes: [...descope.deliveries.map((delivery) => delivery.code), wrong],
      tokens: [done.session?.sessionJwt ?? '', done.session?.refreshJwt ?? ''],
    };
    expect(secrets.tokens.every((token) => token.length > 20)).toBe(true);
    expect(leaks(text, secrets)).toEqual([]);
    expect(text).toContain('"code":"[redacted]"');
    expect(events.every((event) => Object.getPrototypeOf(event) === Object.prototype)).toBe(true);
  });

  it('keeps steps working when the inspector sink throws', async () => {
    const flows = createOtpFlows({
      input,
      inspect: () => {
        throw new Error('inspector down');
      },
    });
    const loginId = uniqueEmail();
    const started = await flows.start({ loginId });
    expect(started).toMatchObject({ status: 'awaitingCode', error: null });
    const done = await flows.submitCode(started.flowId, descope.lastCode(loginId) ?? '');
    expect(done).toMatchObject({ status: 'authenticated', error: null });
  });
});
