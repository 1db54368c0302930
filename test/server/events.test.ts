import { describe, expect, it } from 'vitest';
import { rememberAddress, socketAddress } from '../../src/server/client-ip.ts';
import { eventSink } from '../../src/server/events.ts';
import { flowEventTypes, type OtpFlowEvent } from '../../src/server/index.ts';

const event: OtpFlowEvent = { type: 'sent', flowId: 'f', channel: 'email' };

describe('eventSink', () => {
  it('names the four kinds of event', () => {
    expect(flowEventTypes).toEqual(['sent', 'refused', 'verified', 'verifyFailed']);
  });

  it('hands each event to onEvent, and does nothing without one', () => {
    const seen: OtpFlowEvent[] = [];
    eventSink((received) => seen.push(received))(event);
    expect(seen).toEqual([event]);
    expect(eventSink(undefined)(event)).toBeUndefined();
  });

  it('keeps what onEvent throws or rejects from the caller', async () => {
    const sink = eventSink(() => Promise.reject(new Error('metrics down')));
    expect(() => sink(event)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(() =>
      eventSink(() => {
        throw new Error('metrics down');
      })(event),
    ).not.toThrow();
  });
});

describe('socketAddress', () => {
  it('is the address remembered for a request, and undefined for any other', () => {
    const request = new Request('http://app.test/otp/start');
    rememberAddress(request, '192.0.2.7');
    expect(socketAddress(request)).toBe('192.0.2.7');
    expect(socketAddress(new Request('http://app.test/otp/start'))).toBeUndefined();
    for (const address of ['', undefined, 7]) {
      const other = new Request('http://app.test/otp/start');
      rememberAddress(other, address as never);
      expect(socketAddress(other)).toBeUndefined();
    }
  });
});
