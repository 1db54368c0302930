import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import type { OtpInput } from '../../src/index.ts';
import {
  createOtpFlows,
  createOtpHandler,
  type FlowStore,
  memoryFlowStore,
  type OtpFlowEvent,
  type OtpHandlerOptions,
  redisFlowStore,
} from '../../src/server/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { leaks } from '../inspect/flows.ts';
import { recordingStore } from './helpers.ts';
import { connected, describeRedis, type RedisProcess, startRedis } from './redis.ts';
import { overTheWire, postOverWire } from './wire.ts';

const { descope, input, serve: serveHandler } = await overTheWire();

interface Answer {
  route: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: { flowId?: string; status?: string; session?: { sessionJwt?: string } };
}

function post(port: number, route: string, body: object, cookie = ''): Promise<Answer> {
  return postOverWire({ port }, route, body, cookie ? { cookie } : {}).then((answer) => ({
    route,
    status: answer.status,
    headers: answer.headers,
    text: answer.text,
    body: JSON.parse(answer.text),
  }));
}

const cookiesOf = (answer: Answer) => [answer.headers['set-cookie'] ?? []].flat();
const cookieValue = (answer: Answer, name: string) =>
  cookiesOf(answer)
    .map((cookie) => new RegExp(`^${name}=([^;]+)`).exec(cookie)?.[1])
    .find(Boolean) ?? '';

interface Run {
  answers: Answer[];
  events: OtpFlowEvent[];
  inspected: InspectionEvent[];
  snapshots: string[];
  secrets: { codes: string[]; tokens: string[] };
  loginIds: string[];
}

/**
 * Signs a user in (a wrong code, a resend, the right code), updates their email with the refresh cookie,
 * runs a cookieless flow with a binding in its body, and sends a refresh JWT where a code belongs;
 * `dump` reads the store while flows wait in it.
 */
async function attack(store: FlowStore, dump: () => Promise<string>): Promise<Run> {
  const events: OtpFlowEvent[] = [];
  const inspected: InspectionEvent[] = [];
  const observe = {
    onEvent: (event: OtpFlowEvent) => events.push(event),
    inspect: (e: InspectionEvent) => inspected.push(e),
  };
  const serve = async (options: Partial<OtpInput>, handlerOptions: OtpHandlerOptions = {}) => {
    const flows = createOtpFlows({ input: { ...input, ...options }, store, ...observe });
    return serveHandler(createOtpHandler(flows, { refreshCookie: { secure: false }, ...handlerOptions }));
  };
  const [signIn, update, cookieless] = await Promise.all([
    serve({}),
    serve({ operation: 'updateEmail' }),
    serve({}, { flowCookie: false, refreshCookie: false }),
  ]);
  const answers: Answer[] = [];
  const snapshots: string[] = [];
  const step = async (port: number, route: string, body: object, cookie = '') => {
    const answer = await post(port, route, body, cookie);
    answers.push(answer);
    return answer;
  };

  const loginId = uniqueEmail();
  const started = await step(signIn, 'start', { loginId });
  const binding = cookieValue(started, 'otp-flow');
  const flow = `otp-flow=${binding}`;
  const flowId = started.body.flowId as string;
  const wrong = wrongCode(descope.lastCode(loginId));
  await step(signIn, 'verify', { flowId, code: wrong }, flow);
  snapshots.push(await dump());
  await step(signIn, 'resend', { flowId }, flow);
  snapshots.push(await dump());
  const verified = await step(signIn, 'verify', { flowId, code: descope.lastCode(loginId) }, flow);
  const refreshJwt = cookieValue(verified, 'DSR');
  const sessionJwt = verified.body.session?.sessionJwt ?? '';

  const newEmail = uniqueEmail();
  const cookie = `DSR=${refreshJwt}; ${flow}`;
  const updating = await step(update, 'start', { loginId, email: newEmail, refreshJwt }, cookie);
  snapshots.push(await dump());
  await step(update, 'verify', { flowId: updating.body.flowId, code: refreshJwt }, cookie);
  const updated = await step(
    update,
    'verify',
    { flowId: updating.body.flowId, code: descope.lastCode(newEmail) ?? descope.lastCode(loginId) },
    cookie,
  );

  const other = uniqueEmail();
  const secret = `app-kept-binding-${'k'.repeat(30)}`;
  const bodyFlow = await step(cookieless, 'start', { loginId: other, binding: secret });
  snapshots.push(await dump());
  const bodyVerified = await step(cookieless, 'verify', {
    flowId: bodyFlow.body.flowId,
    code: descope.lastCode(other),
    binding: secret,
  });
  snapshots.push(await dump());

  const tokens = [
    refreshJwt,
    sessionJwt,
    binding,
    secret,
    cookieValue(updated, 'DSR'),
    updated.body.session?.sessionJwt ?? '',
    (bodyVerified.body.session as { refreshJwt?: string } | undefined)?.refreshJwt ?? '',
    bodyVerified.body.session?.sessionJwt ?? '',
  ];
  expect(tokens.every((token) => token.length >= 43)).toBe(true);
  const codes = [wrong, ...descope.deliveries.map((delivery) => delivery.code)];
  return {
    answers,
    events,
    inspected,
    snapshots,
    secrets: { codes, tokens },
    loginIds: [loginId, newEmail, other],
  };
}

function expectNoSecrets(run: Run, storeTexts: string[]) {
  const { answers, secrets } = run;
  const [refreshJwt, , binding] = secrets.tokens;
  for (const answer of answers) {
    const body = JSON.parse(answer.text);
    if (body.session?.sessionJwt) body.session.sessionJwt = '[the session]';
    if (body.session?.refreshJwt && answer.headers['set-cookie'] === undefined)
      body.session.refreshJwt = '[asked for]';
    expect(leaks(JSON.stringify(body), secrets), `${answer.route} body`).toEqual([]);
    const { 'set-cookie': _, ...others } = answer.headers;
    expect(leaks(JSON.stringify(others), secrets), `${answer.route} headers`).toEqual([]);
    for (const cookie of cookiesOf(answer)) {
      const [name] = cookie.split('=');
      const value = cookie.slice(cookie.indexOf('=') + 1).split(';')[0] ?? '';
      expect(name === 'DSR' ? answer.route === 'verify' && answer.status === 200 : name === 'otp-flow').toBe(
        true,
      );
      expect(cookie).toMatch(/; HttpOnly; /);
      expect(leaks(cookie.replace(value, ''), secrets)).toEqual([]);
    }
  }
  expect(answers.filter((answer) => answer.text.includes(refreshJwt as string))).toEqual([]);
  expect(answers.filter((answer) => answer.text.includes(binding as string))).toEqual([]);

  const events = JSON.stringify(run.events);
  expect(run.events.length).toBeGreaterThan(5);
  expect(leaks(events, secrets)).toEqual([]);
  for (const loginId of run.loginIds) expect(events).not.toContain(loginId);

  expect(run.inspected.length).toBeGreaterThan(20);
  expect(leaks(JSON.stringify(run.inspected), secrets)).toEqual([]);

  expect(storeTexts.length).toBeGreaterThan(3);
  for (const text of storeTexts) expect(leaks(text, secrets)).toEqual([]);
}

describe('attack: secrets in answers, events, inspection and the memory store', () => {
  it('no code, token or binding secret reaches any of them', async () => {
    const store = recordingStore(memoryFlowStore());
    const run = await attack(store, async () => store.written.at(-1) ?? '');
    expectNoSecrets(run, [...store.written, ...run.snapshots]);
  });
});

describeRedis('attack: secrets in Redis', () => {
  let redis: RedisProcess;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    redis = await startRedis();
    client = await connected(createClient({ url: redis.url }));
  });
  afterAll(async () => {
    await client?.close().catch(() => {});
    await redis?.close();
  });

  async function dump(): Promise<string> {
    const entries: Record<string, unknown> = {};
    for (const key of await client.keys('*')) {
      const type = await client.type(key);
      entries[key] =
        type === 'hash' ? await client.hGetAll(key) : type === 'string' ? await client.get(key) : type;
    }
    return JSON.stringify(entries);
  }

  it('no code, token, binding secret, login ID or client IP is kept in any key or value but the flow’s own', async () => {
    const store = recordingStore(redisFlowStore(client));
    const run = await attack(store, dump);
    expectNoSecrets(run, [...store.written, ...run.snapshots, await dump()]);
    const limits = await client.keys('otp-flow:limit:*');
    expect(limits.length).toBeGreaterThan(2);
    const counters = JSON.stringify(
      await Promise.all(limits.map(async (key) => [key, await client.get(key)])),
    );
    for (const clear of [...run.loginIds, '127.0.0.1']) expect(counters).not.toContain(clear);
    expect(run.snapshots.some((text) => text.includes(run.loginIds[0] as string))).toBe(true);
  });
});
