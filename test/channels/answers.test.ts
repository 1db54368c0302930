import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { resolveSettings } from '../../machines/context.ts';
import { SecretValue } from '../../machines/secret.ts';
import { sendCode, verifyCode } from '../../src/channels/index.ts';
import { sendRequest } from '../../src/channels/requests.ts';
import { maskEmail } from '../../src/descope/mask.ts';
import { OtpError, type OtpFailure, type OtpInput } from '../../src/index.ts';
import { test } from '../helpers/fixtures.ts';
import { uniqueEmail, uniquePhone } from '../helpers/flow.ts';

type Rewrite = (json: Record<string, unknown>) => Record<string, unknown>;

/**
 * `answers`: a server on 127.0.0.1 that passes every request on to the test server and its answer back,
 * with the JSON body of a successful answer changed by `answers.rewrite` (unchanged until a test sets it).
 */
const it = test.extend('answers', async ({ server }, { onCleanup }) => {
  const state: { rewrite: Rewrite; url: string } = { rewrite: (json) => json, url: '' };
  const proxy = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      const answer = await fetch(`${server.url}${request.url}`, {
        method: request.method,
        headers,
        body: Buffer.concat(chunks),
      });
      const text = await answer.text();
      const body = answer.ok ? JSON.stringify(state.rewrite(JSON.parse(text))) : text;
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
  state.url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return state;
});

const settingsOf = (baseUrl: string, projectId: string, input: Partial<OtpInput> = {}) =>
  resolveSettings({ projectId, baseUrl, channel: 'sms', ...input });

async function outcome<T>(promise: Promise<T>): Promise<T | OtpFailure> {
  return promise.catch((error: unknown) => {
    expect(error).toBeInstanceOf(OtpError);
    return (error as OtpError).failure;
  });
}

describe('sendCode reads only what a send answer holds, with the type it should have', () => {
  it('keeps the masked phone and the attempts a send answer gives', async ({ server, answers }) => {
    const settings = settingsOf(answers.url, server.projectId);
    const loginId = uniquePhone();
    const input = {
      settings,
      operation: 'signUpOrIn',
      channel: 'sms',
      loginId,
      newAddress: null,
      refreshJwt: null,
    } as const;
    answers.rewrite = (json) => ({ ...json, verificationAttempts: 4 });
    const output = await toPromise(createActor(sendCode, { input }).start());
    expect(output).toEqual({ maskedDestination: `+*******${loginId.slice(-4)}`, verificationAttempts: 4 });
  });

  it('keeps the masked email of an email send', async ({ server, answers }) => {
    const settings = settingsOf(answers.url, server.projectId, { channel: 'email' });
    const loginId = uniqueEmail();
    const input = {
      settings,
      operation: 'signUpOrIn',
      channel: 'email',
      loginId,
      newAddress: null,
      refreshJwt: null,
    } as const;
    const output = await toPromise(createActor(sendCode, { input }).start());
    expect(output).toMatchObject({ maskedDestination: maskEmail(loginId) });
  });

  it('sends an update without a refresh JWT holder with no token', () => {
    const settings = settingsOf('http://127.0.0.1:9', 'P2aAc4T2V93bddihGEx2Ryhc8e5Z', {
      operation: 'updatePhone',
    });
    const request = sendRequest({
      settings,
      operation: 'updatePhone',
      channel: 'sms',
      loginId: 'ada@example.com',
      newAddress: '+14155550100',
      refreshJwt: null,
    });
    expect(request).toEqual({
      path: '/v1/auth/otp/update/phone/sms',
      body: { loginId: 'ada@example.com', phone: '+14155550100', providerId: undefined },
      token: undefined,
    });
  });

  it('leaves out a masked address or attempts of another type', async ({ server, answers }) => {
    const settings = settingsOf(answers.url, server.projectId, { channel: 'email' });
    const input = {
      settings,
      operation: 'signUpOrIn',
      channel: 'email',
      loginId: uniqueEmail(),
      newAddress: null,
      refreshJwt: null,
    } as const;
    answers.rewrite = (json) => ({ ...json, maskedEmail: { at: 'example.com' }, verificationAttempts: '3' });
    expect(await toPromise(createActor(sendCode, { input }).start())).toEqual({});
  });

  it('refuses a channel it does not know, with no request', async ({ server, answers }) => {
    const settings = settingsOf(answers.url, server.projectId);
    const before = server.requests.length;
    const input = {
      settings,
      operation: 'signUpOrIn',
      channel: 'fax' as never,
      loginId: uniquePhone(),
      newAddress: null,
      refreshJwt: new SecretValue('refresh'),
    } as const;
    expect(await outcome(toPromise(createActor(sendCode, { input }).start()))).toEqual({
      kind: 'invalidInput',
      field: 'channel',
    });
    expect(server.requests.length).toBe(before);
  });
});

describe('verifyCode makes a session only of an answer with a session JWT', () => {
  async function verified(
    server: { projectId: string; lastCode(loginId: string): string | undefined },
    url: string,
  ) {
    const settings = settingsOf(url, server.projectId);
    const loginId = uniquePhone();
    const send = {
      settings,
      operation: 'signUpOrIn',
      channel: 'sms',
      loginId,
      newAddress: null,
      refreshJwt: null,
    } as const;
    await toPromise(createActor(sendCode, { input: send }).start());
    const input = { settings, channel: 'sms', loginId, code: server.lastCode(loginId) ?? '' } as const;
    return outcome(toPromise(createActor(verifyCode, { input }).start()));
  }

  it('keeps the typed fields of a session and nothing of another type', async ({ server, answers }) => {
    answers.rewrite = (json) => ({
      ...json,
      refreshJwt: 7,
      sessionExpiration: '1900000000',
      nextRefreshSeconds: 600,
      claims: null,
      firstSeen: 'true',
      user: ['U1'],
    });
    const session = await verified(server, answers.url);
    expect(session).toEqual({
      sessionJwt: expect.any(String),
      nextRefreshSeconds: 600,
      firstSeen: false,
      user: {},
    });
  });

  it('keeps the claims, the user and firstSeen when the answer has them', async ({ server, answers }) => {
    answers.rewrite = (json) => ({
      ...json,
      claims: { tenant: 'T1' },
      firstSeen: true,
      user: { userId: 'U1' },
    });
    expect(await verified(server, answers.url)).toMatchObject({
      claims: { tenant: 'T1' },
      firstSeen: true,
      user: { userId: 'U1' },
    });
  });

  it.for<[string, Record<string, unknown>]>([
    ['an empty session JWT', { sessionJwt: '' }],
    ['a session JWT that is not text', { sessionJwt: 12 }],
    ['no session JWT', { sessionJwt: undefined }],
  ])('refuses %s as a server failure', async ([, fields], { server, answers }) => {
    answers.rewrite = (json) => ({ ...json, ...fields });
    expect(await verified(server, answers.url)).toEqual({ kind: 'server', status: 200 });
  });

  it('refuses a channel it does not know, with no request', async ({ server, answers }) => {
    const before = server.requests.length;
    const input = {
      settings: settingsOf(answers.url, server.projectId),
      channel: 'fax' as never,
      loginId: uniquePhone(),
      code: '123456',
    };
    expect(await outcome(toPromise(createActor(verifyCode, { input }).start()))).toEqual({
      kind: 'invalidInput',
      field: 'channel',
    });
    expect(server.requests.length).toBe(before);
  });
});
