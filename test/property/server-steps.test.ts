import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { statuses } from '../../machines/concepts.ts';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, type FlowStep } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { fcParams } from './support/env.ts';

const RUNS = 100;
const descope = await createTestServer();
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
  it('never rejects, sends nothing when it refuses, and never answers a flow ID it did not make', async () => {
    const property = fc.asyncProperty(steps, async ([name, ...args]) => {
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
