import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { otpMachine } from '../../src/index.ts';
import { PHONE, startJudged } from './helpers.ts';

const settled = (actor: ReturnType<typeof createActor<typeof otpMachine>>) =>
  waitFor(actor, (snapshot) => !snapshot.matches('sending') && !snapshot.matches('verifying'));

describe('otpMachine with a Descope test user', () => {
  for (const [channel, loginId] of [
    ['email', 'machine-tester@example.com'],
    ['sms', PHONE],
  ] as const) {
    it(`signs in over ${channel} with a code from generateOTPForTestUser; node-sdk validates the session`, async () => {
      const { server, node } = await startJudged();
      const created = await node.management.user.createTestUser(
        loginId,
        channel === 'email' ? { email: loginId } : { phone: loginId },
      );
      expect(created.ok).toBe(true);
      const actor = createActor(otpMachine, {
        input: { projectId: server.projectId, baseUrl: server.url, operation: 'signIn', channel },
      }).start();
      try {
        actor.send({ type: 'SEND', loginId });
        expect((await settled(actor)).matches('awaitingCode')).toBe(true);
        const generated = await node.management.user.generateOTPForTestUser(channel, loginId);
        expect(generated.ok).toBe(true);
        actor.send({ type: 'SUBMIT_CODE', code: generated.data!.code });
        const done = await settled(actor);
        expect(done.status).toBe('done');
        const session = done.output!;
        const { token } = await node.validateSession(session.sessionJwt);
        expect(token).toMatchObject({ sub: created.data!.userId, tu: true, amr: [channel], drn: 'DS' });
        expect(session.user).toMatchObject({ userId: created.data!.userId, loginIds: [loginId] });
        expect(server.deliveries).toEqual([]);
        const refreshed = await node.refreshSession(session.refreshJwt!);
        expect(refreshed.token.sub).toBe(created.data!.userId);
      } finally {
        actor.stop();
      }
    });
  }
});
