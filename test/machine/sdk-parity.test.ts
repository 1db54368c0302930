import createSdk from '@descope/core-js-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import type { Channel, OtpInput } from '../../src/index.ts';
import type { RecordedRequest, TestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import {
  settle,
  signedInRefreshJwt,
  startFlow,
  startServer,
  uniqueEmail,
  uniquePhone,
} from '../helpers/flow.ts';

type Sdk = ReturnType<typeof createSdk>;
type PhoneChannel = Exclude<Channel, 'email'>;

interface Case {
  name: string;
  input: Partial<OtpInput>;
  send: { loginId: string; email?: string; phone?: string };
  sdk: (sdk: Sdk) => Promise<unknown>;
}

const channels: Channel[] = ['email', 'sms', 'voice', 'whatsapp', 'im'];
const phoneChannels: PhoneChannel[] = ['sms', 'voice', 'whatsapp', 'im'];
const loginOptions = {
  templateId: 'tpl',
  templateOptions: { brand: 'Acme' },
  locale: 'fr',
  tenantId: 'T1',
  customClaims: { plan: 'pro', seats: 3, trial: false },
  revokeOtherSessions: true,
};

const server: TestServer = await startServer();
const sdk: Sdk = createSdk({ projectId: server.projectId, baseUrl: server.url });
const member = uniqueEmail();
const refreshJwt = await signedInRefreshJwt(server, member);

afterAll(() => server.close());

const shape = (request: RecordedRequest | undefined) => ({
  method: request?.method,
  path: request?.path,
  authorization: request?.headers.authorization,
  body: request?.body,
});

async function lastRequestOf(run: () => Promise<unknown>) {
  const before = server.requests.length;
  await run();
  const made = server.requests.slice(before).filter((request) => request.method === 'POST');
  expect(made).toHaveLength(1);
  return shape(made[0]);
}

async function viaMachine(input: Partial<OtpInput>, send: Case['send']) {
  const actor = startFlow(server, input);
  actor.send({ type: 'SEND', ...send });
  await settle(actor);
  actor.stop();
}

function sendCases(): Case[] {
  const cases: Case[] = [];
  for (const channel of channels) {
    const loginId = channel === 'email' ? uniqueEmail() : uniquePhone();
    const user = { name: 'Grace Hopper', givenName: 'Grace', email: uniqueEmail() };
    cases.push({
      name: `signUp.${channel} with user, options and providerId`,
      input: { operation: 'signUp', channel, user, loginOptions, providerId: 'github' },
      send: { loginId },
      sdk: (s) => s.otp.signUp[channel](loginId, user, { ...loginOptions, providerId: 'github' } as never),
    });
    cases.push({
      name: `signIn.${channel} with login options, providerId and ssoAppId`,
      input: { operation: 'signIn', channel, loginOptions, providerId: 'google', ssoAppId: 'sso-1' },
      send: { loginId: member },
      sdk: (s) =>
        s.otp.signIn[channel](member, { ...loginOptions, ssoAppId: 'sso-1', providerId: 'google' } as never),
    });
    cases.push({
      name: `signUpOrIn.${channel} with options`,
      input: { channel, loginOptions },
      send: { loginId },
      sdk: (s) => s.otp.signUpOrIn[channel](loginId, loginOptions),
    });
  }
  return cases;
}

function authenticatedCases(): Case[] {
  const updateOptions = {
    addToLoginIDs: true,
    onMergeUseExisting: true,
    failOnConflict: false,
    locale: 'de',
  };
  const email = uniqueEmail();
  const cases: Case[] = [
    {
      name: 'signIn.email with step-up',
      input: { operation: 'signIn', refreshJwt, loginOptions: { stepup: true } },
      send: { loginId: member },
      sdk: (s) => s.otp.signIn.email(member, { stepup: true }, refreshJwt),
    },
    {
      name: 'signIn.sms with mfa and claims',
      input: {
        operation: 'signIn',
        channel: 'sms',
        refreshJwt,
        loginOptions: { mfa: true, customClaims: { a: 1 } },
      },
      send: { loginId: member },
      sdk: (s) => s.otp.signIn.sms(member, { mfa: true, customClaims: { a: 1 } }, refreshJwt),
    },
    {
      name: 'update.email with update options and providerId',
      input: { operation: 'updateEmail', refreshJwt, updateOptions, providerId: 'okta' },
      send: { loginId: member, email },
      sdk: (s) =>
        s.otp.update.email(member, email, refreshJwt, { ...updateOptions, providerId: 'okta' } as never),
    },
  ];
  for (const channel of phoneChannels) {
    const phone = uniquePhone();
    cases.push({
      name: `update.phone.${channel} with update options`,
      input: { operation: 'updatePhone', channel, refreshJwt, updateOptions },
      send: { loginId: member, phone },
      sdk: (s) => s.otp.update.phone[channel](member, phone, refreshJwt, updateOptions),
    });
  }
  return cases;
}

describe('the machine sends what Descope core-js-sdk sends for the same call', () => {
  it.each([...sendCases(), ...authenticatedCases()].map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const fromSdk = await lastRequestOf(() => c.sdk(sdk));
    const fromMachine = await lastRequestOf(() => viaMachine(c.input, c.send));
    expect(fromMachine).toEqual(fromSdk);
  });

  it.each(channels)('verify.%s', async (channel) => {
    const loginId = channel === 'email' ? uniqueEmail() : uniquePhone();
    const actor = startFlow(server, { channel });
    actor.send({ type: 'SEND', loginId });
    await settle(actor);
    const code = server.lastCode(loginId) ?? '';
    const wrong = wrongCode(code);
    const fromSdk = await lastRequestOf(() => sdk.otp.verify[channel](loginId, wrong));
    const fromMachine = await lastRequestOf(async () => {
      actor.send({ type: 'SUBMIT_CODE', code: wrong });
      await settle(actor);
    });
    expect(fromMachine).toEqual(fromSdk);
    actor.stop();
  });
});
