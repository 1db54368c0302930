import { describe, expect } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { redact } from '../../src/index.ts';
import { testWithOwnServer as it } from '../helpers/fixtures.ts';
import {
  expectedStates,
  leaks,
  secretsOf,
  sentEventTypes,
  summarize,
  updateEmailFlow,
  wrongCodeAndResendFlow,
} from './flows.ts';

const phone = '+14155550142';
it.override('serverOptions', { scope: 'file' }, { users: [{ loginId: phone, phone }] });

describe('an XState inspect callback with redact', () => {
  it('shows every state and event of an email update and a wrong-code resend, and no secret', async ({
    server,
  }) => {
    const lines: string[] = [];
    const inspect = (event: InspectionEvent) => lines.push(JSON.stringify(redact(event)));

    const flows = [
      await updateEmailFlow(server, inspect, 'ada@example.com'),
      await wrongCodeAndResendFlow(server, inspect, phone),
    ];

    const secrets = secretsOf(server, flows);
    expect(secrets.codes).toHaveLength(5);
    expect(secrets.tokens).toHaveLength(6);
    const text = lines.join('\n');
    expect(leaks(text, secrets)).toEqual([]);
    const summary = summarize(lines.map((line) => JSON.parse(line)));
    expect([...summary.states]).toEqual(expect.arrayContaining(expectedStates));
    expect([...summary.events]).toEqual(expect.arrayContaining(sentEventTypes));
    expect(summary.failures).toContainEqual(
      expect.objectContaining({ kind: 'wrongCode', errorCode: 'E061102' }),
    );
    expect(text).toContain('"code":"[redacted]"');
    expect(text).toContain('"refreshJwt":"[redacted]"');
    expect(text).toContain('"sessionJwt":"[redacted]"');
    expect(text).toContain('"channel":"sms"');
    expect(text).toContain('"generation":2');
    expect(text).toContain('ada@example.com');
  });

  it('masks login IDs and addresses when asked', async ({ server }) => {
    const lines: string[] = [];
    const inspect = (event: InspectionEvent) =>
      lines.push(JSON.stringify(redact(event, { maskLoginIds: true })));

    await updateEmailFlow(server, inspect, 'ada@example.com');
    await wrongCodeAndResendFlow(server, inspect, phone);

    const text = lines.join('\n');
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('ada.new@example.com');
    expect(text).not.toContain(phone);
    expect(text).toContain('"loginId":"ad***@example.com"');
    expect(text).toContain('"newAddress":"ad***@example.com"');
    expect(text).toContain('"loginId":"+*******0142"');
    expect(text).toContain('"maskedDestination":"+*******0142"');
  });
});
