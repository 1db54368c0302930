import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, type OtpFlows, redisFlowStore } from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniquePhone } from '../helpers/flow.ts';
import { codesFor } from './helpers.ts';
import { type RedisClusterProcess, redisCliPath, startRedisCluster } from './redis-cluster.ts';
import { redisServerPath } from './redis-process.ts';

const required = Boolean(process.env.CI) || (redisServerPath !== undefined && redisCliPath !== undefined);

describe.skipIf(!required)('flows and limits over a node-redis cluster client (3 masters)', () => {
  let cluster: RedisClusterProcess;
  let clients: ReturnType<typeof createCluster>[];
  let descope: TestServer;
  let one: OtpFlows;
  let two: OtpFlows;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    clients = [0, 1].map((index) => createCluster({ rootNodes: [{ url: cluster.urls[index] }] }));
    for (const client of clients) client.on('error', () => {});
    await Promise.all(clients.map((client) => client.connect()));
    descope = await createTestServer();
    const input: OtpInput = {
      projectId: descope.projectId,
      baseUrl: descope.url,
      channel: 'sms',
      resendCooldownMs: 0,
    };
    [one, two] = clients.map((client) => createOtpFlows({ input, store: redisFlowStore(client) })) as [
      OtpFlows,
      OtpFlows,
    ];
  }, 60_000);
  afterAll(async () => {
    for (const client of clients ?? []) await client.close().catch(() => {});
    await descope?.close();
    await cluster?.close();
  });

  it('starts on one client, signs in on the other, and limits sends to one number across both', async () => {
    const phone = uniquePhone();
    const started = await one.start({ loginId: phone, clientIp: '192.0.2.30' });
    expect(started).toMatchObject({ status: 'awaitingCode', error: null });
    expect(await two.submitCode(started.flowId, wrongCode(descope.lastCode(phone)))).toMatchObject({
      error: { kind: 'wrongCode' },
    });
    const done = await two.submitCode(started.flowId, descope.lastCode(phone) ?? '');
    expect(done).toMatchObject({ status: 'authenticated', error: null });
    const steps = await Promise.all(
      Array.from({ length: 12 }, (_, index) => (index % 2 ? one : two).start({ loginId: phone })),
    );
    expect(codesFor(descope, phone)).toHaveLength(5);
    expect(steps.filter((step) => step.error === null)).toHaveLength(4);
    expect(steps.find((step) => step.error)?.error).toMatchObject({
      kind: 'rateLimited',
      limit: 'perDestination',
    });
  });

  it('counts one client IP across many destinations, whose keys live on every master', async () => {
    const phones = Array.from({ length: 40 }, uniquePhone);
    const steps = await Promise.all(
      phones.map((loginId, index) => (index % 2 ? one : two).start({ loginId, clientIp: '203.0.113.30' })),
    );
    expect(steps.filter((step) => step.error === null)).toHaveLength(30);
    expect(phones.filter((phone) => codesFor(descope, phone).length > 0)).toHaveLength(30);
    const counts = await Promise.all(
      clients[0]!.masters.map(async (master) => (await clients[0]!.nodeClient(master)).dbSize()),
    );
    expect(counts.filter((count) => count > 0)).toHaveLength(3);
  });
});
