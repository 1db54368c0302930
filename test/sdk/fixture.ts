import { randomUUID } from 'node:crypto';
import DescopeClient from '@descope/node-sdk';
import { test as base } from 'vitest';
import { createTestServer } from '../../src/testing/index.ts';

const OFFLINE_MANAGEMENT_KEY = 'offline-management-key';

/**
 * Where the tests sign in: an offline Descope per worker, or the real project named by
 * `DESCOPE_PROJECT_ID`, `DESCOPE_MANAGEMENT_KEY` and optionally `DESCOPE_BASE_URL`.
 */
export const test = base
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('backend', { scope: 'worker' }, async ({}, { onCleanup }) => {
    const { DESCOPE_PROJECT_ID, DESCOPE_MANAGEMENT_KEY, DESCOPE_BASE_URL } = process.env;
    if (DESCOPE_PROJECT_ID && DESCOPE_MANAGEMENT_KEY) {
      return {
        projectId: DESCOPE_PROJECT_ID,
        managementKey: DESCOPE_MANAGEMENT_KEY,
        baseUrl: DESCOPE_BASE_URL ?? 'https://api.descope.com',
      };
    }
    const server = await createTestServer({ managementKey: OFFLINE_MANAGEMENT_KEY });
    onCleanup(() => server.close());
    return { projectId: server.projectId, managementKey: OFFLINE_MANAGEMENT_KEY, baseUrl: server.url };
  })
  .extend('descope', { scope: 'worker' }, async ({ backend }, { onCleanup }) => {
    const descope = DescopeClient(backend);
    onCleanup(async () => {
      await descope.management.user.deleteAllTestUsers();
    });
    return descope;
  })
  .extend('testUser', async ({ descope }) => {
    const loginId = `e2e-${randomUUID()}@example.com`;
    const created = await descope.management.user.createTestUser(loginId, { email: loginId });
    if (!created.ok) throw new Error(`createTestUser failed: ${created.error?.errorMessage}`);
    return {
      loginId,
      userId: created.data!.userId,
      async code(): Promise<string> {
        const generated = await descope.management.user.generateOTPForTestUser('email', loginId);
        if (!generated.ok) throw new Error(`generateOTPForTestUser failed: ${generated.error?.errorMessage}`);
        return generated.data!.code;
      },
    };
  });
