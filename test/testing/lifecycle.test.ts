import { describe, expect, it } from 'vitest';
import { createTestServer } from '../../src/testing/index.ts';
import { tick, until } from '../helpers/wait.ts';
import { post, startScopedServer } from './helpers.ts';

const handles = () => {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return {
    servers: counts.TCPServerWrap ?? 0,
    sockets: counts.TCPSocketWrap ?? 0,
    timers: counts.Timeout ?? 0,
  };
};

describe('lifecycle', () => {
  it('listens on 127.0.0.1 with a free port by default', async () => {
    const server = await startScopedServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.projectId).toBe('P2aAc4T2V93bddihGEx2Ryhc8e5Z');
    expect(server.jwks().keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
  });

  it('closes promptly with hanging and delayed requests open and leaves no handle behind', async () => {
    await tick();
    const before = handles();
    const server = await createTestServer();
    server.fault({ kind: 'hang' });
    server.fault({ kind: 'delay', delayMs: 60_000 });
    const send = (loginId: string) =>
      post(server, '/v1/auth/otp/signup-in/email', { loginId }).catch((error: unknown) => error);
    const hanging = send('a@example.com');
    const delayed = send('b@example.com');
    await until(() => server.openRequests() === 2 && server.requests.length === 2);
    await server.close();
    expect(await hanging).toBeInstanceOf(TypeError);
    expect(await delayed).toBeInstanceOf(TypeError);
    expect(server.openRequests()).toBe(0);
    await until(() => {
      const after = handles();
      return (
        after.servers <= before.servers && after.sockets <= before.sockets && after.timers <= before.timers
      );
    });
    await server.close();
  });

  it('refuses connections after close', async () => {
    const server = await createTestServer();
    await server.close();
    await expect(
      post(server, '/v1/auth/otp/signup-in/email', { loginId: 'a@example.com' }),
    ).rejects.toThrow();
  });

  it('holds 1,000 concurrent sign-up-or-in flows', async () => {
    const server = await startScopedServer();
    const loginIds = Array.from({ length: 1000 }, (_, i) => `user${i}@example.com`);
    const results = await Promise.all(
      loginIds.map(async (loginId) => {
        const sent = await post(server, '/v1/auth/otp/signup-in/email', { loginId });
        const verified = await post(server, '/v1/auth/otp/verify/email', {
          loginId,
          code: server.lastCode(loginId),
        });
        return [sent.status, verified.status, verified.body.firstSeen];
      }),
    );
    expect(
      results.every(([sent, verified, firstSeen]) => sent === 200 && verified === 200 && firstSeen),
    ).toBe(true);
    expect(server.users.size).toBe(1000);
    expect(server.requests).toHaveLength(2000);
    expect(server.openRequests()).toBe(0);
  });
});
