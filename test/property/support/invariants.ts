import { jwtVerify } from 'jose';
import { expect } from 'vitest';
import { pendingTimers } from '../../helpers/clock.ts';
import { until } from '../../helpers/wait.ts';
import { familyOf, flowDeliveries, isBusy, type Real, runDeliveries, runRequests } from './harness.ts';
import { canResend, MAX_ATTEMPTS, type OtpModel } from './model.ts';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

const stringsIn = (value: unknown, found: string[] = []): string[] => {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) stringsIn(item, found);
  return found;
};

export const expectModelState = (real: Real, model: OtpModel): void => {
  const snapshot = real.actor.getSnapshot();
  expect(familyOf(snapshot), 'model: state family').toBe(model.family);
  expect(snapshot.context.error?.kind ?? null, 'model: error kind').toBe(model.error);
  if (model.family === 'awaitingCode' || model.family === 'expired') {
    expect(snapshot.context.attemptsLeft, 'model: attempts left').toBe(MAX_ATTEMPTS - model.wrongAttempts);
  }
};

/** 1. `authenticated` only after the server accepted the newest code of the flow. */
export const expectAuthenticatedByNewestCode = async (real: Real): Promise<void> => {
  const snapshot = real.actor.getSnapshot();
  if (snapshot.status !== 'done') return;
  const verifies = runRequests(real).filter((request) => request.path.startsWith('/v1/auth/otp/verify/'));
  const last = verifies.at(-1)?.body as { code?: unknown } | undefined;
  expect(last?.code, 'invariant 1: the successful verify carried the newest code').toBe(
    real.server.lastCode(real.loginId),
  );
  expect(snapshot.context.generation, 'invariant 1: generation is the number of accepted sends').toBe(
    flowDeliveries(real).length,
  );
  const session = snapshot.output;
  expect(session?.sessionJwt, 'invariant 1: a session came from the server').toEqual(expect.any(String));
  if (session && !real.sessionJwts.includes(session.sessionJwt)) {
    await jwtVerify(session.sessionJwt, real.server.publicKey);
    real.sessionJwts.push(session.sessionJwt);
    if (session.refreshJwt) real.sessionJwts.push(session.refreshJwt);
  }
};

/** 2. One request per accepted send or verify, none otherwise. */
export const expectRequests = (real: Real, before: number, expected: number): void => {
  expect(real.server.requests.length - before, 'invariant 2: one request per accepted send/verify').toBe(
    expected,
  );
};

/** 3. `generation` is the number of sends the server accepted in this flow. */
export const expectGeneration = (real: Real): void => {
  const { context } = real.actor.getSnapshot();
  const sent = flowDeliveries(real);
  expect(context.generation, 'invariant 3: generation equals the sends the server accepted').toBe(
    sent.length,
  );
  if (sent.length > 0) {
    expect(context.channel, 'invariant 3: channel is the newest code’s channel').toBe(sent.at(-1)?.method);
  }
};

/** 4. `RESEND` is offered exactly when the cooldown has passed in a state that takes it. */
export const expectResendOffer = (real: Real, model: OtpModel): void => {
  const snapshot = real.actor.getSnapshot();
  expect(snapshot.can({ type: 'RESEND' }), 'invariant 4: RESEND offered only after resendAvailableAt').toBe(
    canResend(model),
  );
  if (snapshot.status === 'active' && !snapshot.matches('failed')) {
    expect(snapshot.context.resendReady, 'invariant 4: resendReady follows the clock').toBe(
      real.clock.now() >= snapshot.context.resendAvailableAt,
    );
  }
};

/**
 * 5. Nothing left behind: no open request on the server, no timer on the clock but the wait for a
 * rate limit's `Retry-After`, which `RESET` keeps (`timersAllowed`).
 */
export const expectNothingLeft = async (real: Real, when: string, timersAllowed = 0): Promise<void> => {
  await until(() => real.server.openRequests() === 0, { timeoutMs: 1_000 }).catch(() => {});
  expect(real.server.openRequests(), `invariant 5: no open request after ${when}`).toBe(0);
  expect(pendingTimers(real.clock), `invariant 5: no timer after ${when}`).toBe(timersAllowed);
};

/** 6. Context is JSON, holds a code only while verifying and never a token. */
export const expectCleanContext = (real: Real): void => {
  const snapshot = real.actor.getSnapshot();
  const { refreshJwt, ...plain } = snapshot.context;
  const json = JSON.stringify(snapshot.context);
  expect(JSON.parse(json), 'invariant 6: context survives JSON').toEqual(plain);
  expect(refreshJwt?.reveal(), 'invariant 6: the refresh JWT is kept as a secret').toBe(real.refreshSecret);
  const { code } = snapshot.context as { code?: unknown };
  if (snapshot.status === 'active' && snapshot.matches('verifying')) {
    if (code !== undefined) expect(code, 'invariant 6: only the code being verified').toBe(real.submitted);
  } else {
    expect(code, 'invariant 6: no code outside verifying').toBeUndefined();
    const codes = new Set(runDeliveries(real).map((delivery) => delivery.code));
    const leaked = stringsIn(JSON.parse(json)).filter((value) => codes.has(value));
    expect(leaked, 'invariant 6: no code outside verifying').toEqual([]);
  }
  expect(json.includes(real.refreshSecret), 'invariant 6: no refresh JWT in context').toBe(false);
  expect(JWT.test(json), 'invariant 6: no token in context').toBe(false);
  for (const token of real.sessionJwts) {
    expect(json.includes(token), 'invariant 6: no issued token in context').toBe(false);
  }
};

/** 7. No event threw and no actor failed. */
export const expectNoErrors = (real: Real): void => {
  expect(real.errors, 'invariant 7: no actor error').toEqual([]);
  expect(real.actor.getSnapshot().status, 'invariant 7: no actor error').not.toBe('error');
};

export const checkInvariants = async (real: Real, model: OtpModel): Promise<void> => {
  real.visited.add(familyOf(real.actor.getSnapshot()));
  expectNoErrors(real);
  expectModelState(real, model);
  await expectAuthenticatedByNewestCode(real);
  expectGeneration(real);
  expectResendOffer(real, model);
  expectCleanContext(real);
  if (!isBusy(real.actor.getSnapshot())) {
    expect(real.server.openRequests(), 'invariant 5: no open request outside sending/verifying').toBe(0);
  }
};

/** Ends a run: `RESET` leads back to `idle`, then `stop()` leaves nothing behind. */
export const finishRun = async (real: Real, passed: boolean): Promise<void> => {
  try {
    if (passed && real.actor.getSnapshot().status === 'active') {
      real.actor.send({ type: 'RESET' });
      const snapshot = real.actor.getSnapshot();
      expect(familyOf(snapshot), 'invariant 7: RESET leads back to idle').toBe('idle');
      await expectNothingLeft(real, 'RESET', snapshot.context.resendReady ? 0 : 1);
    }
    real.actor.stop();
    if (passed) await expectNothingLeft(real, 'stop()');
  } finally {
    real.actor.stop();
    real.server.clearFaults();
    await until(() => real.server.openRequests() === 0, { timeoutMs: 1_000 }).catch(() => {});
  }
};
