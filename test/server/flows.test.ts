import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, type FlowStore, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { frozenDate } from '../helpers/clock.ts';
import { wrongCode } from '../helpers/codes.ts';
import { signedInRefreshJwt, uniqueEmail } from '../helpers/flow.ts';
import { gate } from '../helpers/gate.ts';
import { codesFor, holds, pathsFor, recordingStore, unreachableStore } from './helpers.ts';
import { storeContract } from './store-contract.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const sharedStore = memoryFlowStore();

/** Two instances of one process: their own flows, one store. */
const [one, two] = [
  createOtpFlows({ limits: false, input, store: sharedStore }),
  createOtpFlows({ limits: false, input, store: sharedStore }),
];

async function started(flows = one, loginId = uniqueEmail()) {
  const step = await flows.start({ loginId });
  expect(step).toMatchObject({ status: 'awaitingCode', error: null });
  return { loginId, flowId: step.flowId ?? '', code: descope.lastCode(loginId) ?? '' };
}

describe('createOtpFlows: one step per request, the flow kept in a store in between', () => {
  it('starts on one instance and authenticates on another', async () => {
    const { loginId, flowId, code } = await started(one);
    const step = await two.submitCode(flowId, code);
    expect(step).toMatchObject({
      flowId,
      status: 'authenticated',
      error: null,
      session: { sessionJwt: expect.any(String), refreshJwt: expect.any(String), user: { email: loginId } },
    });
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email', '/v1/auth/otp/verify/email']);
    expect(await one.submitCode(flowId, code)).toEqual({
      flowId: null,
      status: null,
      error: { kind: 'unknownFlow' },
      view: null,
    });
    expect(pathsFor(descope, loginId)).toHaveLength(2);
  });

  it("answers connect's view without functions, session or token", async () => {
    const { flowId, code } = await started();
    const waiting = await one.resend(flowId);
    expect(waiting.view).toMatchObject({
      status: 'awaitingCode',
      busy: false,
      maskedDestination: expect.stringContaining('@example.com'),
      channel: 'email',
      attemptsLeft: 3,
      codeInput: { autocomplete: 'one-time-code', inputmode: 'numeric' },
    });
    const done = await two.submitCode(flowId, descope.lastCode(waiting.view?.loginId ?? '') ?? code);
    for (const view of [waiting.view, done.view]) {
      expect(Object.values(view ?? {}).some((value) => typeof value === 'function')).toBe(false);
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
      expect(view).not.toHaveProperty('session');
      expect(JSON.stringify(view)).not.toContain(done.session?.sessionJwt ?? 'no session');
    }
  });

  it('gives every flow a different unguessable ID of at least 128 random bits', async () => {
    const steps = await Promise.all(Array.from({ length: 20 }, () => one.start({ loginId: uniqueEmail() })));
    const ids = steps.map((step) => step.flowId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('lets one step of a flow run at a time: a concurrent step is busy and sends nothing', async () => {
    const { loginId, flowId, code } = await started();
    const verify = gate();
    descope.fault({ kind: 'delay', until: verify.promise, path: '/v1/auth/otp/verify' });
    const steps = [one.submitCode(flowId, code), two.submitCode(flowId, code)] as const;
    void Promise.race(steps).finally(verify.open);
    const [first, second] = await Promise.all(steps);
    expect([first.status, second.status].sort()).toEqual(['authenticated', null]);
    expect([first, second].find((step) => step.status === null)).toEqual({
      flowId: null,
      status: null,
      error: { kind: 'busy' },
      view: null,
    });
    expect(pathsFor(descope, loginId).filter((path) => path.includes('verify'))).toHaveLength(1);
  });

  it('sends one new code for concurrent resends; the superseded code is refused, the new one accepted', async () => {
    const { loginId, flowId, code: first } = await started();
    const send = gate();
    descope.fault({ kind: 'delay', until: send.promise, path: '/v1/auth/otp/signup-in/email' });
    let answered = 0;
    const steps = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? two : one).resend(flowId).finally(() => {
          answered += 1;
          if (answered === 9) send.open();
        }),
      ),
    );
    expect(steps.filter((step) => step.error?.kind === 'busy')).toHaveLength(9);
    expect(codesFor(descope, loginId)).toHaveLength(2);
    expect((await one.submitCode(flowId, first)).error).toMatchObject({ kind: 'wrongCode' });
    expect((await two.submitCode(flowId, descope.lastCode(loginId) ?? '')).status).toBe('authenticated');
  });

  it('refuses a resend while the cooldown runs, without a request, and keeps the flow', async () => {
    const flows = createOtpFlows({
      limits: false,
      input: { ...input, resendCooldownMs: 60_000 },
      store: sharedStore,
    });
    const { loginId, flowId, code } = await started(flows);
    const step = await flows.resend(flowId);
    expect(step).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'rateLimited', retryAfterMs: expect.any(Number) },
      view: { canResend: false },
    });
    expect((step.error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);
    expect(pathsFor(descope, loginId)).toHaveLength(1);
    expect((await flows.submitCode(flowId, code)).status).toBe('authenticated');
  });

  it('allows a resend once the cooldown has passed between two steps', async () => {
    const date = frozenDate();
    const flows = createOtpFlows({
      limits: false,
      input: { ...input, resendCooldownMs: 200 },
      store: sharedStore,
    });
    const { loginId, flowId } = await started(flows);
    date.advance(199);
    expect((await flows.resend(flowId)).error).toMatchObject({ kind: 'rateLimited' });
    date.advance(1);
    expect(await flows.resend(flowId)).toMatchObject({ status: 'awaitingCode', error: null });
    expect(codesFor(descope, loginId)).toHaveLength(2);
  });

  it('keeps a flow after a wrong code and deletes it once failed', async () => {
    const { flowId, code } = await started();
    const wrong = wrongCode(code);
    expect(await one.submitCode(flowId, wrong)).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'wrongCode', attemptsLeft: 2 },
      view: { attemptsLeft: 2, error: { kind: 'wrongCode', message: expect.any(String) } },
    });
    await two.submitCode(flowId, wrong);
    expect(await one.submitCode(flowId, wrong)).toMatchObject({
      status: 'failed',
      error: { kind: 'tooManyAttempts' },
    });
    expect((await two.submitCode(flowId, code)).error).toEqual({ kind: 'unknownFlow' });
  });

  it('refuses invalid input with no request and keeps nothing', async () => {
    const before = descope.requests.length;
    const step = await one.start({ loginId: 'not-an-email' });
    expect(step).toMatchObject({ status: 'idle', error: { kind: 'invalidInput', field: 'loginId' } });
    expect((await one.resend(step.flowId)).error).toEqual({ kind: 'unknownFlow' });
    const { flowId } = await started();
    const count = descope.requests.length;
    expect((await one.submitCode(flowId, '12')).error).toEqual({ kind: 'invalidInput', field: 'code' });
    expect((await one.resend(flowId, { channel: 'sms' })).error).toMatchObject({ kind: 'invalidInput' });
    expect(descope.requests.length).toBe(count);
    expect(count).toBe(before + 1);
  });

  it('never throws on malformed arguments from untyped JavaScript', async () => {
    const loose = one as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const { flowId } = await started();
    const calls = [
      () => loose.start?.(undefined),
      () => loose.start?.({ loginId: 5 }),
      () => loose.submitCode?.(flowId, null),
      () => loose.resend?.(flowId, 'voice'),
      () => loose.submitCode?.({ flowId }, '123456'),
      () => loose.cancel?.(undefined),
    ];
    const answers: unknown[] = [];
    for (const call of calls) answers.push(await call());
    expect(answers.map((step) => (step as { error: { kind: string } | null }).error?.kind)).toEqual([
      'invalidInput',
      'invalidInput',
      'invalidInput',
      undefined,
      'unknownFlow',
      'unknownFlow',
    ]);
  });

  it('reads an array given as options as no options', async () => {
    const listed = <T extends object>(fields: T) => Object.assign([], fields) as unknown as T;
    const before = descope.requests.length;
    const refused = await one.start(listed({ loginId: uniqueEmail() }));
    expect(refused.error).toEqual({ kind: 'invalidInput', field: 'loginId' });
    expect(descope.requests.length).toBe(before);
    const { flowId } = await started();
    expect((await one.resend(flowId, listed({ channel: 'fax' as never }))).error).toBeNull();
  });

  it('cancels a flow: answers it back in idle and deletes it', async () => {
    const { loginId, flowId } = await started();
    expect(await one.cancel(flowId)).toMatchObject({ status: 'idle', error: null, view: { loginId } });
    expect((await two.resend(flowId)).error).toEqual({ kind: 'unknownFlow' });
  });

  it('passes the refresh JWT of an update to the steps that need it and never stores it', async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const store = recordingStore(memoryFlowStore());
    const flows = createOtpFlows({ limits: false, input: { ...input, operation: 'updateEmail' }, store });
    const email = uniqueEmail();
    const step = await flows.start({ loginId, email, refreshJwt });
    expect(step).toMatchObject({ status: 'awaitingCode', error: null });
    expect((await flows.resend(step.flowId)).error).toEqual({ kind: 'invalidInput', field: 'refreshJwt' });
    expect((await flows.resend(step.flowId, { refreshJwt })).error).toBeNull();
    const code = descope.lastCode(loginId) ?? '';
    expect(await flows.submitCode(step.flowId, wrongCode(code))).toMatchObject({
      error: { kind: 'wrongCode' },
    });
    expect((await flows.submitCode(step.flowId, code)).status).toBe('authenticated');
    expect(store.written.length).toBeGreaterThan(2);
    for (const text of store.written) {
      expect(holds(text, refreshJwt)).toBe(false);
      for (const sent of codesFor(descope, loginId)) expect(holds(text, sent)).toBe(false);
    }
  });

  it('answers storeUnavailable and sends nothing when the store cannot be reached', async () => {
    const flows = createOtpFlows({ limits: false, input, store: unreachableStore() });
    const before = descope.requests.length;
    const loginId = uniqueEmail();
    expect(await flows.start({ loginId })).toMatchObject({
      status: null,
      error: { kind: 'storeUnavailable' },
    });
    const { flowId } = await started();
    const count = descope.requests.length;
    expect((await flows.submitCode(flowId, '123456')).error).toEqual({ kind: 'storeUnavailable' });
    expect((await flows.resend(flowId)).error).toEqual({ kind: 'storeUnavailable' });
    expect(descope.requests.length).toBe(count);
    expect(count).toBe(before + 1);
  });

  it('frees a flow whose step never finished once its lease expires', async () => {
    const date = frozenDate();
    const { flowId, code } = await started();
    expect(await sharedStore.acquire(flowId, 'a step that crashed', 150)).toMatchObject({
      lease: { version: 1 },
    });
    date.advance(149);
    expect((await one.submitCode(flowId, code)).error).toEqual({ kind: 'busy' });
    date.advance(1);
    expect((await two.submitCode(flowId, code)).status).toBe('authenticated');
  });

  it('expires entries after ttlSeconds', async () => {
    const date = frozenDate();
    const store: FlowStore = memoryFlowStore({ ttlSeconds: 0.2 });
    const flows = createOtpFlows({ limits: false, input, store });
    const step = await flows.start({ loginId: uniqueEmail() });
    date.advance(200);
    expect((await flows.submitCode(step.flowId, '123456')).error).toEqual({ kind: 'unknownFlow' });
  });
});

describe('memoryFlowStore', () => {
  const store = memoryFlowStore();
  storeContract(() => store);
});
