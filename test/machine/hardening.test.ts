import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { OtpInput } from '../../machines/otp.types.ts';
import { persistFlow, restoreFlow } from '../../src/index.ts';
import { type Flow, test } from '../helpers/fixtures.ts';
import { otpRequests, settle, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';

/** `redirectUrl`: a server that answers every request with a 307 to the test server. */
const it = test.extend('redirectUrl', { scope: 'file' }, async ({ server }, { onCleanup }) => {
  const redirect = createServer((request, response) => {
    response.writeHead(307, { location: `${server.url}${request.url}` }).end();
  });
  await new Promise<void>((resolve) => redirect.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => redirect.close(() => resolve())));
  return `http://127.0.0.1:${(redirect.address() as AddressInfo).port}`;
});

describe('input that could send a secret elsewhere is refused with no request', () => {
  it.for<[string, Record<string, unknown>, string]>([
    ['a host that only starts with 127.', { baseUrl: 'http://127.evil.example' }, 'baseUrl'],
    ['a loopback name inside another host', { baseUrl: 'http://127.0.0.1.nip.io' }, 'baseUrl'],
    [
      'a project ID that would pick the API host',
      { projectId: 'Pa@evil.example#abcdefghijklmnopqrstuvwxyz1' },
      'projectId',
    ],
    ['a project ID with a line break', { projectId: 'P2aAc4T2V93bddih\nGEx2Ryhc8e5Z' }, 'projectId'],
    ['a zero request timeout', { requestTimeoutMs: 0 }, 'requestTimeoutMs'],
    ['a request timeout beyond the longest timer', { requestTimeoutMs: 2 ** 31 }, 'requestTimeoutMs'],
    ['a negative cooldown', { resendCooldownMs: -1 }, 'resendCooldownMs'],
    ['a code TTL that is not a number', { codeTtlMs: '5m' }, 'codeTtlMs'],
    ['login options that are not an object', { loginOptions: 'stepup' }, 'loginOptions'],
    ['a code length of 40', { codeLength: 40 }, 'codeLength'],
    [
      'a project ID that names no region, with no base URL',
      { baseUrl: undefined, projectId: `PABCD${'x'.repeat(27)}` },
      'projectId',
    ],
  ])('%s', ([_, input, field], { server, flow }) => {
    const before = otpRequests(server).length;
    const actor = flow({ channel: 'sms', ...input } as never);
    expect(actor.getSnapshot().context.error).toEqual({ kind: 'invalidInput', field });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    expect(actor.getSnapshot().context.error).toEqual({ kind: 'invalidInput', field });
    expect(otpRequests(server).length).toBe(before);
  });

  it.for<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['a phone of 16 digits', { channel: 'sms' }, { loginId: '+1415555010012345' }, 'loginId'],
  ])('refuses %s, longer than Descope accepts', ([_, input, event, field], { server, flow }) => {
    const before = otpRequests(server).length;
    const actor = flow(input as never);
    actor.send({ type: 'SEND', ...event } as never);
    expect(actor.getSnapshot().context.error).toEqual({ kind: 'invalidInput', field });
    expect(otpRequests(server).length).toBe(before);
  });

  it('does not follow a redirect with the code', async ({ server, flow, redirectUrl }) => {
    const before = otpRequests(server).length;
    const actor = flow({ channel: 'sms', baseUrl: redirectUrl });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    const snapshot = await settle(actor);
    expect(snapshot.context.error).toEqual({ kind: 'server', status: 307 });
    expect(otpRequests(server).length).toBe(before);
  });
});

describe('a restored flow follows the input it is restored with', () => {
  const persistedIdle = (flow: Flow, input: Partial<OtpInput>) => persistFlow(flow(input));
  const restore = (flow: Flow, persisted: ReturnType<typeof persistedIdle>, input: Partial<OtpInput>) =>
    flow(input, { snapshot: restoreFlow(persisted) });

  it('sends with the operation of the new input', async ({ server, flow }) => {
    const actor = restore(flow, persistedIdle(flow, { operation: 'signUpOrIn', channel: 'sms' }), {
      operation: 'signIn',
      channel: 'sms',
    });
    expect(actor.getSnapshot().context.settings.operation).toBe('signIn');
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    expect(otpRequests(server).at(-1)?.path).toBe('/v1/auth/otp/signin/sms');
  });

  it('sends a first code over the channel of the new input, the one the login ID was checked for', async ({
    server,
    flow,
  }) => {
    const actor = restore(flow, persistedIdle(flow, { channel: 'sms' }), { channel: 'email' });
    actor.send({ type: 'SEND', loginId: 'restored@example.com' });
    const snapshot = await settle(actor);
    expect(otpRequests(server).at(-1)?.path).toBe('/v1/auth/otp/signup-in/email');
    expect(snapshot.context).toMatchObject({ channel: 'email', error: null });
  });
});

describe('RESET', () => {
  it('starts a new flow without the resend cooldown of the old one', async ({ flow }) => {
    const clock = new SimulatedClock();
    const actor = flow({ channel: 'sms', resendCooldownMs: 30_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    actor.send({ type: 'RESET' });
    expect(actor.getSnapshot().context).toMatchObject({ generation: 0, resendReady: true, error: null });
    expect(actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() })).toBe(true);
  });

  it('keeps the wait a 429 asked for', async ({ server, flow }) => {
    const clock = new SimulatedClock();
    const actor = flow({ channel: 'sms' }, { clock });
    server.fault({ path: /\/signup-in\//, kind: 'status', status: 429, retryAfterSeconds: 60 });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    actor.send({ type: 'RESET' });
    const before = otpRequests(server).length;
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    expect(actor.getSnapshot().value).toBe('idle');
    expect(otpRequests(server).length).toBe(before);
    clock.increment(60_000);
    await until(() => actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() }));
  });

  it('keeps the wait a 429 asked for after a later error replaced it', async ({ server, flow }) => {
    const clock = new SimulatedClock();
    const actor = flow({ channel: 'sms', resendCooldownMs: 1_000, codeTtlMs: 5_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    clock.increment(5_000);
    await until(() => actor.getSnapshot().matches({ awaitingCode: 'expired' }));
    server.fault({ path: /\/signup-in\//, kind: 'status', status: 429, retryAfterSeconds: 60 });
    actor.send({ type: 'RESEND' });
    await settle(actor);
    await until(() => actor.getSnapshot().matches({ awaitingCode: 'expired' }));
    expect(actor.getSnapshot().context.error?.kind).toBe('rateLimited');
    actor.send({ type: 'SUBMIT_CODE', code: '12a' });
    expect(actor.getSnapshot().context.error?.kind).toBe('codeExpired');
    actor.send({ type: 'RESET' });
    expect(actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() })).toBe(false);
    clock.increment(60_000);
    await until(() => actor.getSnapshot().can({ type: 'SEND', loginId: uniquePhone() }));
  });
});
