import fc from 'fast-check';
import { expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { until } from '../helpers/wait.ts';
import { type UserAction, userActions } from './support/arbitraries.ts';
import { fcParams, numRuns, replaying, timeoutFor } from './support/env.ts';
import {
  createBench,
  flowDeliveries,
  isBusy,
  type Real,
  runDeliveries,
  runRequests,
} from './support/harness.ts';
import { expectCleanContext, expectNoErrors, finishRun } from './support/invariants.ts';
import { CODE_TTL_MS, COOLDOWN_MS } from './support/model.ts';

const RUNS = 300;

function act(real: Real, action: UserAction) {
  const codes = runDeliveries(real).map((delivery) => delivery.code);
  const { actor } = real;
  if (action === 'SEND') actor.send({ type: 'SEND', loginId: real.loginId });
  else if (action === 'SUBMIT newest') actor.send({ type: 'SUBMIT_CODE', code: codes.at(-1) ?? '000000' });
  else if (action === 'SUBMIT older') actor.send({ type: 'SUBMIT_CODE', code: codes.at(-2) ?? '000000' });
  else if (action === 'SUBMIT wrong')
    actor.send({ type: 'SUBMIT_CODE', code: codes.includes('999999') ? '999998' : '999999' });
  else if (action === 'RESEND') actor.send({ type: 'RESEND' });
  else if (action === 'RESEND voice') actor.send({ type: 'RESEND', channel: 'voice' });
  else if (action === 'RESET') {
    const ended = actor.getSnapshot().status !== 'active';
    actor.send({ type: 'RESET' });
    if (!ended) real.flowDeliveries = real.server.deliveries.length;
  } else real.clock.increment(action === 'advance cooldown' ? COOLDOWN_MS : CODE_TTL_MS);
}

/** Waits until no request is in flight, or fails naming where the flow hangs. */
async function settled(real: Real, after: string) {
  const label = () =>
    `the flow to settle after ${after}: still ${JSON.stringify(real.actor.getSnapshot().value)}, ` +
    `${real.server.openRequests()} request(s) open`;
  await waitFor(real.actor, (snapshot) => !isBusy(snapshot), { timeout: 5_000 }).catch(() =>
    Promise.reject(new Error(`Timed out waiting for ${label()}`)),
  );
  await until(() => real.server.openRequests() === 0, { label: label() });
}

it('answers the scheduler holds interleave with user events, and every invariant holds', {
  timeout: timeoutFor(RUNS, 200),
}, async () => {
  const bench = await createBench();
  let interleaved = 0;
  const property = fc.asyncProperty(
    fc.scheduler(),
    fc.array(fc.constantFrom(...userActions), { minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1, max: 3 }),
    async (s, script, held) => {
      const real = await bench.newRun();
      let passed = false;
      try {
        real.actor.send({ type: 'SEND', loginId: real.loginId });
        await settled(real, 'the first SEND');
        real.clock.increment(COOLDOWN_MS);
        for (let i = 1; i <= held; i += 1)
          real.server.fault({ kind: 'delay', until: s.schedule(Promise.resolve(), `answer ${i}`) });
        s.scheduleSequence(
          script.map((action) => ({
            label: `user ${action}`,
            builder: async () => {
              if (real.server.openRequests() > 0) interleaved += 1;
              act(real, action);
            },
          })),
        );
        for (let task = 0; task < held + script.length; task += 1) {
          await s.waitNext(1);
          await until(() => !isBusy(real.actor.getSnapshot()) || real.server.openRequests() > 0, {
            label: `the request of ${JSON.stringify(real.actor.getSnapshot().value)} to reach the server`,
          });
        }
        await s.waitIdle();
        const order = s.report().map((task) => task.label);
        await settled(real, order.join(' → '));

        expectNoErrors(real);
        expectCleanContext(real);
        const snapshot = real.actor.getSnapshot();
        expect(
          snapshot.context.generation,
          'generation counts only codes the server sent',
        ).toBeLessThanOrEqual(flowDeliveries(real).length);
        if (snapshot.status === 'done') {
          const verifies = runRequests(real).filter((request) =>
            request.path.startsWith('/v1/auth/otp/verify/'),
          );
          const body = verifies.at(-1)?.body as { code?: unknown } | undefined;
          expect(body?.code, 'signed in with the newest code').toBe(real.server.lastCode(real.loginId));
        }
        passed = true;
      } finally {
        await finishRun(real, passed);
      }
    },
  );
  try {
    await fc.assert(property, fcParams(RUNS));
  } finally {
    await bench.close();
  }
  if (numRuns(RUNS) >= RUNS && !replaying()) {
    expect(interleaved, 'user events happened while an answer was held').toBeGreaterThan(RUNS / 10);
  }
});
