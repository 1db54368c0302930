import { describe, expect } from 'vitest';
import { SimulatedClock } from 'xstate';
import { failureMessage, type OtpFailure } from '../../src/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { type FlowFixtures, test as it } from '../helpers/fixtures.ts';
import { settle, signedInRefreshJwt, uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { tick, until } from '../helpers/wait.ts';

let now = 1_000_000;
it.override('serverOptions', { scope: 'file' }, { now: () => now, maxAttempts: 2, codeTtlMs: 60_000 });

const sendPath = /\/signup-in\//;

async function sendOnce({ flow }: FlowFixtures, input = {}, loginId = uniquePhone()) {
  const actor = flow({ channel: 'sms', resendCooldownMs: 0, ...input });
  actor.send({ type: 'SEND', loginId });
  return { actor, loginId, snapshot: await settle(actor) };
}

async function verifyWith(fixtures: FlowFixtures, code: (right: string) => string, times = 1) {
  const { server } = fixtures;
  const { actor, loginId } = await sendOnce(fixtures);
  const right = server.lastCode(loginId) ?? '';
  for (let i = 0; i < times; i += 1) {
    actor.send({ type: 'SUBMIT_CODE', code: code(right) });
    await settle(actor);
  }
  return actor.getSnapshot();
}

function expectReadable(failure: OtpFailure | null, secret?: string) {
  expect(failure).not.toBeNull();
  const message = failureMessage(failure as OtpFailure);
  expect(message.length).toBeGreaterThan(10);
  if (secret) expect(message).not.toContain(secret);
}

describe('every OtpFailure kind comes from a real HTTP answer', () => {
  it('wrongCode keeps E061102 and counts attempts down', async ({ server, flow }) => {
    const snapshot = await verifyWith({ server, flow }, wrongCode);
    expect(snapshot.matches('awaitingCode')).toBe(true);
    expect(snapshot.context.error).toEqual({
      kind: 'wrongCode',
      attemptsLeft: 1,
      errorCode: 'E061102',
      errorDescription: expect.any(String),
    });
    expectReadable(snapshot.context.error);
  });

  it('tooManyAttempts (E061103) ends the flow', async ({ server, flow }) => {
    const snapshot = await verifyWith({ server, flow }, wrongCode, 2);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.error).toMatchObject({ kind: 'tooManyAttempts', errorCode: 'E061103' });
  });

  it('codeExpired when the server refuses an expired code (E061104)', async ({ server, flow }) => {
    const { actor, loginId } = await sendOnce({ server, flow });
    now += 61_000;
    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    const snapshot = await settle(actor);
    expect(snapshot.matches({ awaitingCode: 'expired' })).toBe(true);
    expect(snapshot.context.error).toMatchObject({ kind: 'codeExpired', errorCode: 'E061104' });
    const before = server.requests.length;
    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    expect(actor.getSnapshot().context.error).toMatchObject({ kind: 'codeExpired', errorCode: 'E061104' });
    expect(server.requests.length).toBe(before);
  });

  it('userNotFound (E062108) ends a sign-in', async ({ server, flow }) => {
    const { snapshot } = await sendOnce({ server, flow }, { operation: 'signIn' }, 'nobody');
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.error).toMatchObject({ kind: 'userNotFound', errorCode: 'E062108' });
  });

  it('userAlreadyExists (E062107) ends a sign-up', async ({ server, flow }) => {
    const loginId = uniquePhone();
    await sendOnce({ server, flow }, { operation: 'signUp' }, loginId);
    const { snapshot } = await sendOnce({ server, flow }, { operation: 'signUp' }, loginId);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.error).toMatchObject({ kind: 'userAlreadyExists', errorCode: 'E062107' });
  });

  it('conflict (E062125) ends an update with failOnConflict', async ({ server, flow }) => {
    const taken = uniqueEmail();
    await signedInRefreshJwt(server, taken);
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(server, loginId);
    const actor = flow({
      operation: 'updateEmail',
      refreshJwt,
      updateOptions: { failOnConflict: true },
    });
    actor.send({ type: 'SEND', loginId, email: taken });
    const snapshot = await settle(actor);
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.error).toMatchObject({ kind: 'conflict', errorCode: 'E062125' });
  });

  it('unauthorized (401) ends the flow for an unknown project', async ({ server, flow }) => {
    const { snapshot } = await sendOnce({ server, flow }, { projectId: 'P0000000000000000000000000000' });
    expect(snapshot.value).toBe('failed');
    expect(snapshot.context.error).toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('network when the connection drops', async ({ server, flow }) => {
    server.fault({ path: sendPath, kind: 'drop' });
    const { snapshot } = await sendOnce({ server, flow });
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.error).toEqual({ kind: 'network' });
  });

  it('network when nothing listens', async ({ server, flow }) => {
    const { snapshot } = await sendOnce({ server, flow }, { baseUrl: 'http://127.0.0.1:9' });
    expect(snapshot.context.error).toEqual({ kind: 'network' });
  });

  it('timeout after requestTimeoutMs', async ({ server, flow }) => {
    server.fault({ path: sendPath, kind: 'hang' });
    const { snapshot } = await sendOnce({ server, flow }, { requestTimeoutMs: 100 });
    expect(snapshot.context.error).toEqual({ kind: 'timeout' });
    await until(() => server.openRequests() === 0);
  });

  it.for([
    [
      'a 500 with a Descope body',
      { kind: 'status', status: 500, errorCode: 'E011003' },
      { status: 500, errorCode: 'E011003' },
    ],
    ['an HTML page', { kind: 'html' }, { status: 502 }],
    ['an empty 200', { kind: 'empty' }, { status: 200 }],
    ['an empty 503', { kind: 'empty', status: 503 }, { status: 503 }],
  ] as const)('server for %s', async ([_, fault, expected], { server, flow }) => {
    server.fault({ path: sendPath, ...fault });
    const { snapshot } = await sendOnce({ server, flow });
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.error).toMatchObject({ kind: 'server', ...expected });
    expectReadable(snapshot.context.error);
  });

  it('server for an unknown 4xx on verify, keeping errorCode and errorDescription', async ({
    server,
    flow,
  }) => {
    const { actor } = await sendOnce({ server, flow });
    server.fault({
      path: /\/verify\//,
      kind: 'status',
      status: 400,
      errorCode: 'E011002',
      errorDescription: 'Missing arguments',
    });
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    const snapshot = await settle(actor);
    expect(snapshot.context.error).toEqual({
      kind: 'server',
      status: 400,
      errorCode: 'E011002',
      errorDescription: 'Missing arguments',
    });
  });

  it('the local expiry refuses a code with no request', async ({ server, flow }) => {
    const clock = new SimulatedClock();
    const actor = flow({ channel: 'sms', codeTtlMs: 120_000 }, { clock });
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    const before = server.requests.length;
    clock.increment(120_000);
    await tick();
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    expect(actor.getSnapshot().matches({ awaitingCode: 'expired' })).toBe(true);
    expect(actor.getSnapshot().context.error).toEqual({ kind: 'codeExpired' });
    expect(server.requests.length).toBe(before);
  });
});
