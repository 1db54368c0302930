import { afterAll, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';

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
