import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { statuses } from '../../machines/concepts.ts';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, createOtpHandler, type FlowStep } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { fcParams, timeoutFor } from './support/env.ts';

const RUNS = 100;
const descope = await createTestServer({ codeTtlMs: 24 * 60 * 60 * 1000 });
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const flows = createOtpFlows({ input, channels: ['email'] });
const binding = 'k'.repeat(43);
const bound = await flows.start({ loginId: 'bound@example.com', binding });
const made = new Set([bound.flowId]);

type Loose = Record<string, (...args: unknown[]) => Promise<FlowStep>>;
const loose = flows as unknown as Loose;
const refusals = new Set(['invalidInput', 'unknownFlow']);

/** Whether a value has the shape of a `FlowStep`. */
function isFlowStep(step: unknown): step is FlowStep {
  if (typeof step !== 'object' || step === null) return false;
  const { flowId, status, error, view } = step as Record<string, unknown>;
  return (
    (flowId === null || typeof flowId === 'string') &&
    (status === null || (statuses as readonly unknown[]).includes(status)) &&
    (error === null ||
      (typeof error === 'object' && typeof (error as { kind?: unknown }).kind === 'string')) &&
    (view === null || typeof view === 'object')
  );
}

const flowIdArbitrary = fc.oneof(
  fc.anything(),
  fc.constant(bound.flowId),
  fc.string({ minLength: 24, maxLength: 24 }),
);

const steps = fc.oneof(
  fc.tuple(fc.constant('start'), fc.anything()),
  fc.tuple(
    fc.constant('start'),
    fc.record(
      {
        loginId: fc.anything(),
        channel: fc.anything(),
        email: fc.anything(),
        phone: fc.anything(),
        binding: fc.anything(),
        refreshJwt: fc.anything(),
      },
      { requiredKeys: [] },
    ),
  ),
  fc.tuple(fc.constant('resend'), flowIdArbitrary, fc.anything()),
  fc.tuple(
    fc.constant('resend'),
    flowIdArbitrary,
    fc.record({ channel: fc.anything(), binding: fc.anything() }, { requiredKeys: [] }),
  ),
  fc.tuple(fc.constant('submitCode'), flowIdArbitrary, fc.anything(), fc.anything()),
  fc.tuple(fc.constant('cancel'), flowIdArbitrary, fc.anything()),
);

describe('createOtpFlows: every step resolves to a FlowStep for any argument', () => {
  it('never rejects, sends nothing when it refuses, and never answers a flow ID it did not make', {
    timeout: timeoutFor(RUNS, 100),
  }, async () => {
    const property = fc.asyncProperty(steps, async ([name, ...args]) => {
      await new Promise((resolve) => setImmediate(resolve)); // one step per turn of the event loop, as requests come
      const before = descope.requests.length;
      const step = await loose[name]?.(...args);
      expect(isFlowStep(step)).toBe(true);
      if (!step) return;
      if (step.error && refusals.has(step.error.kind)) expect(descope.requests.length).toBe(before);
      if (name === 'start') {
        if (step.flowId !== null) made.add(step.flowId);
      } else if (step.flowId !== null) expect(made.has(step.flowId)).toBe(true);
      expect(JSON.parse(JSON.stringify(step))).toEqual(step);
    });
    await fc.assert(property, fcParams(RUNS));
    expect(
      (await flows.submitCode(bound.flowId, descope.lastCode('bound@example.com') ?? '', { binding })).status,
    ).toBe('authenticated');
  });
});

const handler = createOtpHandler(flows);
const marker = 'Zq9echo';
const fieldNames = [
  'flowId',
  'code',
  'loginId',
  'channel',
  'email',
  'phone',
  'binding',
  'refreshJwt',
] as const;
const fieldValue = fc.oneof(
  fc.jsonValue(),
  fc.string().map((text) => `${marker}${text}`),
);
const bodies = fc.oneof(
  fc.dictionary(fc.constantFrom(...fieldNames), fieldValue),
  fc.jsonValue(),
  fc.string(),
);

describe('createOtpHandler: every body gets a clear answer', () => {
  it('never answers 500, always nosniff, never echoes what it was sent but the login ID', {
    timeout: timeoutFor(RUNS, 100),
  }, async () => {
    const property = fc.asyncProperty(
      fc.constantFrom('start', 'resend', 'verify', 'cancel'),
      bodies,
      async (route, body) => {
        const before = descope.requests.length;
        const request = new Request(`https://app.example/otp/${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        const response = await handler(request);
        const text = await response.text();
        expect(response.status).not.toBe(500);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        const answer = JSON.parse(text) as { error?: { kind?: string } | null; view?: unknown };
        const loginId = (body as { loginId?: unknown } | null)?.loginId;
        const echoed =
          typeof loginId === 'string' ? text.replaceAll(JSON.stringify(loginId).slice(1, -1), '') : text;
        expect(echoed).not.toContain(marker);
        if (response.status >= 400 && answer.error?.kind !== 'rateLimited')
          expect(descope.requests.length).toBe(before);
      },
    );
    await fc.assert(property, fcParams(RUNS));
  });
});
