import { describe, expect } from 'vitest';
import { channels, phoneChannels } from '../../machines/concepts.ts';
import type { OtpInput } from '../../src/index.ts';
import { type FlowFixtures, test as it } from '../helpers/fixtures.ts';
import { otpRequests, settle, signedInRefreshJwt, uniqueEmail, uniquePhone } from '../helpers/flow.ts';

const otp = '/v1/auth/otp';

async function runFlow(
  { server, flow }: FlowFixtures,
  input: Partial<OtpInput>,
  send: Record<string, unknown>,
) {
  const actor = flow(input);
  const before = otpRequests(server).length;
  actor.send({ type: 'SEND', ...send } as never);
  let snapshot = await settle(actor);
  expect(snapshot.context.error).toBeNull();
  expect(snapshot.matches('awaitingCode')).toBe(true);
  const sent = otpRequests(server).slice(before);
  const loginId = send.loginId as string;
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  snapshot = await settle(actor);
  const verify = otpRequests(server).slice(before + sent.length);
  return { snapshot, sent, verify };
}

describe('every send combination: path, Authorization, body and a completed flow', () => {
  const loginOptions = { templateId: 'welcome', locale: 'en', customClaims: { plan: 'pro' } };

  it.for(channels)('signUp over %s', async (channel, { server, flow }) => {
    const loginId = channel === 'email' ? uniqueEmail() : uniquePhone();
    const user = { name: 'Ada Lovelace' };
    const { snapshot, sent, verify } = await runFlow(
      { server, flow },
      { operation: 'signUp', channel, user, loginOptions },
      { loginId },
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe(`${otp}/signup/${channel}`);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${server.projectId}`);
    expect(sent[0]?.body).toEqual({ loginId, user, loginOptions });
    expect(verify.map((r) => r.path)).toEqual([`${otp}/verify/${channel}`]);
    expect(snapshot.value).toBe('authenticated');
    expect(snapshot.output?.firstSeen).toBe(true);
  });

  it.for(channels)('signIn over %s', async (channel, { server, flow }) => {
    const member = { email: uniqueEmail(), phone: uniquePhone() };
    const signUp = flow({
      operation: 'signUp',
      channel: 'email',
      user: { phone: member.phone },
    });
    signUp.send({ type: 'SEND', loginId: member.email });
    await settle(signUp);
    signUp.stop();
    const { snapshot, sent } = await runFlow(
      { server, flow },
      { operation: 'signIn', channel, providerId: 'google', ssoAppId: 'app-1' },
      { loginId: member.email },
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe(`${otp}/signin/${channel}`);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${server.projectId}`);
    expect(sent[0]?.body).toEqual({
      loginId: member.email,
      loginOptions: { ssoAppId: 'app-1' },
      providerId: 'google',
    });
    expect(snapshot.value).toBe('authenticated');
  });

  it('sends no ssoAppId when it is empty', async ({ server, flow }) => {
    const loginId = uniqueEmail();
    const { sent } = await runFlow({ server, flow }, { operation: 'signUpOrIn', ssoAppId: '' }, { loginId });
    expect(sent.map((r) => r.body)).toEqual([{ loginId, loginOptions: {} }]);
  });

  it.for(channels)('signUpOrIn over %s', async (channel, { server, flow }) => {
    const loginId = channel === 'email' ? uniqueEmail() : uniquePhone();
    const { snapshot, sent, verify } = await runFlow(
      { server, flow },
      { channel, loginOptions },
      { loginId },
    );
    expect(sent.map((r) => [r.path, r.headers.authorization, r.body])).toEqual([
      [`${otp}/signup-in/${channel}`, `Bearer ${server.projectId}`, { loginId, loginOptions }],
    ]);
    expect(verify.map((r) => [r.path, r.body])).toEqual([
      [`${otp}/verify/${channel}`, { code: server.lastCode(loginId), loginId }],
    ]);
    expect(snapshot.value).toBe('authenticated');
    expect(JSON.stringify(snapshot.context)).not.toContain(snapshot.output?.sessionJwt);
  });

  it('updateEmail', async ({ server, flow }) => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(server, loginId);
    const email = uniqueEmail();
    const updateOptions = { addToLoginIDs: true, failOnConflict: true, templateId: 'changed' };
    const { snapshot, sent } = await runFlow(
      { server, flow },
      { operation: 'updateEmail', refreshJwt, updateOptions },
      { loginId, email },
    );
    expect(sent.map((r) => [r.path, r.headers.authorization, r.body])).toEqual([
      [
        `${otp}/update/email`,
        `Bearer ${server.projectId}:${refreshJwt}`,
        { loginId, email, ...updateOptions },
      ],
    ]);
    expect(snapshot.value).toBe('authenticated');
    expect(snapshot.output?.user.email).toBe(email);
  });

  it.for(phoneChannels)('updatePhone over %s', async (channel, { server, flow }) => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(server, loginId);
    const phone = uniquePhone();
    const { snapshot, sent, verify } = await runFlow(
      { server, flow },
      { operation: 'updatePhone', channel, refreshJwt, updateOptions: { addToLoginIDs: false } },
      { loginId, phone },
    );
    expect(sent.map((r) => [r.path, r.headers.authorization, r.body])).toEqual([
      [
        `${otp}/update/phone/${channel}`,
        `Bearer ${server.projectId}:${refreshJwt}`,
        { loginId, phone, addToLoginIDs: false },
      ],
    ]);
    expect(verify[0]?.path).toBe(`${otp}/verify/${channel}`);
    expect(snapshot.value).toBe('authenticated');
    expect(snapshot.output?.user.phone).toBe(phone);
  });

  it('signIn with step-up sends the refresh JWT', async ({ server, flow }) => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(server, loginId);
    const { snapshot, sent } = await runFlow(
      { server, flow },
      { operation: 'signIn', refreshJwt, loginOptions: { stepup: true, customClaims: { level: 2 } } },
      { loginId },
    );
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${server.projectId}:${refreshJwt}`);
    expect(sent[0]?.body).toEqual({ loginId, loginOptions: { stepup: true, customClaims: { level: 2 } } });
    expect(snapshot.value).toBe('authenticated');
  });

  it('sends its own SDK headers', async ({ server, flow }) => {
    const { sent } = await runFlow({ server, flow }, { channel: 'sms' }, { loginId: uniquePhone() });
    expect(sent[0]?.headers['x-descope-sdk-name']).toBe('descope-otp-machine');
    expect(sent[0]?.headers['x-descope-sdk-version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(sent[0]?.headers['x-descope-project-id']).toBe(server.projectId);
    expect(sent[0]?.headers['content-type']).toContain('application/json');
  });
});
