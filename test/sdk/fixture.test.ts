import { expect } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { otpMachine } from '../../src/index.ts';
import { test } from './fixture.ts';

test('a test user signs in with otpMachine and the backend accepts the session', async ({
  backend,
  descope,
  testUser,
}) => {
  const app = createActor(otpMachine, {
    input: { projectId: backend.projectId, baseUrl: backend.baseUrl, operation: 'signIn' },
  }).start();
  app.send({ type: 'SEND', loginId: testUser.loginId });
  expect((await waitFor(app, (snapshot) => !snapshot.matches('sending'))).matches('awaitingCode')).toBe(true);
  app.send({ type: 'SUBMIT_CODE', code: await testUser.code() });
  const signedIn = await waitFor(app, (snapshot) => !snapshot.matches('verifying'));
  expect(signedIn.status).toBe('done');
  const { token } = await descope.validateSession(signedIn.output!.sessionJwt);
  expect(token).toMatchObject({ sub: testUser.userId, tu: true });
  app.stop();
});
