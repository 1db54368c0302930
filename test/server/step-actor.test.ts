import { afterAll, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { pause } from './helpers.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

it.each([
  ['a step', {}],
  ['an inspected step, which runs as an actor', { inspect: () => {} }],
])(
  'leaves nothing running after %s: a code expiry armed by a step does not outlive it',
  async (_, options) => {
    const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, codeTtlMs: 600_000 };
    const flows = createOtpFlows({ input, store: memoryFlowStore(), ...options });
    expect((await flows.start({ loginId: uniqueEmail() })).status).toBe('awaitingCode');
    const before = timers();
    for (let step = 0; step < 5; step += 1)
      expect((await flows.start({ loginId: uniqueEmail() })).status).toBe('awaitingCode');
    expect(timers()).toBeLessThanOrEqual(before + 1);
  },
);

it.each([
  ['a step', {}],
  ['an inspected step, which runs as an actor', { inspect: () => {} }],
])(
  'answers a code that expires while the limit check waits as expired, and sends no verify, in %s',
  async (_, options) => {
    const codeTtlMs = 200;
    const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, codeTtlMs };
    const memory = memoryFlowStore();
    const slow = { consume: () => pause(codeTtlMs + 100), reward: async () => {} };
    const flows = createOtpFlows({ input, store: { ...memory, limiter: () => slow }, ...options });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    const code = descope.lastCode(loginId) ?? '';
    const verifies = () => descope.requests.filter(({ path }) => path.includes('/verify/')).length;
    const before = verifies();
    const step = await flows.submitCode(flowId, code);
    expect(step).toMatchObject({ status: 'awaitingCode', error: { kind: 'codeExpired' } });
    expect(step.view?.codeExpired).toBe(true);
    expect(verifies()).toBe(before);
  },
);
