import { describe, expect } from 'vitest';
import { persistFlow, restoreFlow } from '../../src/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { test } from '../helpers/fixtures.ts';
import { type OtpActor, settle, signedInRefreshJwt, uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';
import { clockAt, inputFor, received, reload, START, throughJson } from './helpers.ts';

/** `codesOf(loginId)`: every code the server delivered to `loginId`. */
const it = test.extend(
  'codesOf',
  ({ server }) =>
    (loginId: string) =>
      server.deliveries.filter((delivery) => delivery.loginId === loginId).map((delivery) => delivery.code),
);
it.afterEach(({ server }) => server.clearFaults());

/** Persists every snapshot the actor emits, as JSON. */
function record(actor: OtpActor): string[] {
  const blobs: string[] = [JSON.stringify(persistFlow(actor))];
  actor.subscribe((snapshot) => blobs.push(JSON.stringify(persistFlow(snapshot))));
  return blobs;
}

function expectNoSecret(blobs: string[], secrets: (string | undefined)[]) {
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    expect(secret).toMatch(/^[\w.-]{6,}$/);
    const alone = new RegExp(`(?<![0-9])${(secret as string).replaceAll('.', '\\.')}(?![0-9])`);
    for (const blob of blobs)
      expect(alone.test(blob), `a persisted flow holds a secret: ${blob}`).toBe(false);
  }
}

describe('a persisted flow holds no secret', () => {
  it('through a whole sign-in: sends, a wrong code, a resend, a verify in flight and the session', async ({
    server,
    flow,
    codesOf,
  }) => {
    const clock = clockAt(START);
    const loginId = uniquePhone();
    const actor = flow(inputFor(server), { clock });
    const blobs = record(actor);
    actor.send({ type: 'SEND', loginId });
    await settle(actor);
    const wrong = wrongCode(server.lastCode(loginId));
    actor.send({ type: 'SUBMIT_CODE', code: wrong });
    await settle(actor);
    clock.increment(30_000);
    await until(() => actor.getSnapshot().can({ type: 'RESEND' }));
    actor.send({ type: 'RESEND', channel: 'voice' });
    await settle(actor);
    server.fault({ kind: 'hang', path: '/v1/auth/otp/verify' });
    const before = server.requests.length;
    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    await received(server, before + 1);
    blobs.push(JSON.stringify(persistFlow(actor)));
    const { restored } = reload(flow, actor, inputFor(server), clock);
    const restoredBlobs = record(restored);
    restored.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    const session = (await settle(restored)).output;
    restoredBlobs.push(JSON.stringify(persistFlow(restored)));

    expect(session?.refreshJwt).toEqual(expect.any(String));
    expect(blobs.some((blob) => blob.includes('"state":"verifying"'))).toBe(true);
    expect(restoredBlobs.at(-1)).toContain('"state":"authenticated"');
    expect(codesOf(loginId)).toHaveLength(2);
    expectNoSecret(
      [...blobs, ...restoredBlobs],
      [...codesOf(loginId), wrong, session?.sessionJwt, session?.refreshJwt],
    );
  });

  it('of an update: the refresh JWT comes from the input again on restore', async ({
    server,
    flow,
    codesOf,
  }) => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(server, loginId);
    const clock = clockAt(START);
    const input = inputFor(server, { operation: 'updateEmail', channel: 'email', refreshJwt });
    const actor = flow(input, { clock });
    const blobs = record(actor);
    actor.send({ type: 'SEND', loginId, email: uniqueEmail() });
    await settle(actor);
    expect(actor.getSnapshot().matches('awaitingCode')).toBe(true);

    const { persisted, restored, clock: later } = reload(flow, actor, input, clock);
    expect(restored.getSnapshot().context.refreshJwt?.reveal()).toBe(refreshJwt);
    later.increment(30_000);
    await until(() => restored.getSnapshot().can({ type: 'RESEND' }));
    const before = server.requests.length;
    restored.send({ type: 'RESEND' });
    expect((await settle(restored)).context.generation).toBe(2);
    expect(server.requests.length).toBe(before + 1);
    const resend = server.requests.at(-1);
    expect(resend?.path).toBe('/v1/auth/otp/update/email');
    expect(resend?.headers.authorization).toBe(`Bearer ${server.projectId}:${refreshJwt}`);
    restored.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    const session = (await settle(restored)).output;
    blobs.push(JSON.stringify(persistFlow(restored)));

    expect(session?.sessionJwt).toEqual(expect.any(String));
    expectNoSecret(
      [...blobs, JSON.stringify(persisted), JSON.stringify(restoreFlow(throughJson(persisted)))],
      [refreshJwt, ...codesOf(loginId), session?.sessionJwt, session?.refreshJwt],
    );
  });

  it('of an update restored without the refresh JWT: the resend is refused with no request', async ({
    server,
    flow,
  }) => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(server, loginId);
    const clock = clockAt(START);
    const input = inputFor(server, { operation: 'updateEmail', channel: 'email', refreshJwt });
    const actor = flow(input, { clock });
    actor.send({ type: 'SEND', loginId, email: uniqueEmail() });
    await settle(actor);
    const { refreshJwt: _dropped, ...withoutJwt } = input;
    const { restored, clock: later } = reload(flow, actor, withoutJwt, clock);
    expect(restored.getSnapshot().context.refreshJwt).toBeNull();
    later.increment(30_000);
    await until(() => restored.getSnapshot().can({ type: 'RESEND' }));
    const before = server.requests.length;
    restored.send({ type: 'RESEND' });
    const snapshot = await settle(restored);
    expect(server.requests.length).toBe(before);
    expect(snapshot).toMatchObject({
      value: { awaitingCode: 'valid' },
      context: { generation: 1, error: { kind: 'invalidInput', field: 'refreshJwt' } },
    });
  });
});
