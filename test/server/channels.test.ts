import { afterAll, describe, expect, it } from 'vitest';
import type { Channel, OtpInput } from '../../src/index.ts';
import { createOtpFlows, createOtpHandler } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { pathsFor } from './helpers.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const others: Channel[] = ['sms', 'voice', 'whatsapp', 'im'];

describe('createOtpFlows({ channels }): only the app delivery methods', () => {
  it('an email-only app refuses sms, voice, whatsapp and im on start and resend, sending nothing', async () => {
    const flows = createOtpFlows({ input });
    const handler = createOtpHandler(flows);
    const before = descope.requests.length;
    for (const channel of others) {
      const loginId = uniquePhone();
      expect(await flows.start({ loginId, channel }), channel).toEqual({
        flowId: null,
        status: null,
        error: { kind: 'invalidInput', field: 'channel' },
        view: null,
      });
      const request = new Request('https://app.example/otp/start', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ loginId, channel }),
      });
      const answer = await handler(request);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { kind: 'invalidInput', field: 'channel' } });
    }
    expect(descope.requests.length).toBe(before);

    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId, channel: 'email' });
    for (const channel of others) {
      expect((await flows.resend(flowId, { channel })).error, channel).toEqual({
        kind: 'invalidInput',
        field: 'channel',
      });
    }
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email']);
  });

  it('falls back from SMS to voice when the app lists both', async () => {
    const flows = createOtpFlows({ input: { ...input, channel: 'sms' }, channels: ['sms', 'voice'] });
    const loginId = uniquePhone();
    const { flowId } = await flows.start({ loginId });
    expect((await flows.resend(flowId, { channel: 'whatsapp' })).error).toEqual({
      kind: 'invalidInput',
      field: 'channel',
    });
    expect(await flows.resend(flowId, { channel: 'voice' })).toMatchObject({
      error: null,
      view: { channel: 'voice' },
    });
    const verified = await flows.submitCode(flowId, descope.lastCode(loginId) ?? '');
    expect(verified.status).toBe('authenticated');
    expect(pathsFor(descope, loginId)).toEqual([
      '/v1/auth/otp/signup-in/sms',
      '/v1/auth/otp/signup-in/voice',
      '/v1/auth/otp/verify/voice',
    ]);
  });

  it('throws a TypeError for channels that are unknown, empty or leave out the input channel', () => {
    for (const channels of [['email', 'fax'], [], 'email', ['sms'], [null]]) {
      expect(() => createOtpFlows({ input, channels: channels as never }), JSON.stringify(channels)).toThrow(
        TypeError,
      );
    }
  });
});
