import createSdk from '@descope/core-js-sdk';
import { describe, expect } from 'vitest';
import { channels, phoneChannels } from '../../machines/concepts.ts';
import type { OtpInput } from '../../src/index.ts';
import type { RecordedRequest, TestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { type Flow, test } from '../helpers/fixtures.ts';
import { settle, signedInRefreshJwt, uniqueEmail, uniquePhone } from '../helpers/flow.ts';

type Sdk = ReturnType<typeof createSdk>;

/** A call made by the machine and by the SDK; the authenticated ones use the file's refresh JWT. */
interface Case {
  name: string;
  input: (refreshJwt: string) => Partial<OtpInput>;
  send: { loginId: string; email?: string; phone?: string };
  sdk: (sdk: Sdk, refreshJwt: string) => Promise<unknown>;
}

const loginOptions = {
  templateId: 'tpl',
  templateOptions: { brand: 'Acme' },
  locale: 'fr',
  tenantId: 'T1',
  customClaims: { plan: 'pro', seats: 3, trial: false },
  revokeOtherSessions: true,
};

const member = uniqueEmail();

/** `sdk`: core-js-sdk against the file's server; `refreshJwt`: a session of `member`. */
const it = test
  .extend(
    'sdk',
    { scope: 'file' },
    ({ server }): Sdk => createSdk({ projectId: server.projectId, baseUrl: server.url }),
  )
  .extend('refreshJwt', { scope: 'file' }, ({ server }) => signedInRefreshJwt(server, member));

const shape = (request: RecordedRequest | undefined) => ({
  method: request?.method,
  path: request?.path,
  authorization: request?.headers.authorization,
  body: request?.body,
});

async function lastRequestOf(server: TestServer, run: () => Promise<unknown>) {
  const before = server.requests.length;
  await run();
  const made = server.requests.slice(before).filter((request) => request.method === 'POST');
  expect(made).toHaveLength(1);
  return shape(made[0]);
}

async function viaMachine(flow: Flow, input: Partial<OtpInput>, send: Case['send']) {
  const actor = flow(input);
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
      input: () => ({ operation: 'signUp', channel, user, loginOptions, providerId: 'github' }),
      send: { loginId },
      sdk: (s) => s.otp.signUp[channel](loginId, user, { ...loginOptions, providerId: 'github' } as never),
    });
    cases.push({
      name: `signIn.${channel} with login options, providerId and ssoAppId`,
      input: () => ({ operation: 'signIn', channel, loginOptions, providerId: 'google', ssoAppId: 'sso-1' }),
      send: { loginId: member },
      sdk: (s) =>
        s.otp.signIn[channel](member, { ...loginOptions, ssoAppId: 'sso-1', providerId: 'google' } as never),
    });
    cases.push({
      name: `signUpOrIn.${channel} with options`,
      input: () => ({ channel, loginOptions }),
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
      input: (refreshJwt) => ({ operation: 'signIn', refreshJwt, loginOptions: { stepup: true } }),
      send: { loginId: member },
      sdk: (s, refreshJwt) => s.otp.signIn.email(member, { stepup: true }, refreshJwt),
    },
    {
      name: 'signIn.sms with mfa and claims',
      input: (refreshJwt) => ({
        operation: 'signIn',
        channel: 'sms',
        refreshJwt,
        loginOptions: { mfa: true, customClaims: { a: 1 } },
      }),
      send: { loginId: member },
      sdk: (s, refreshJwt) => s.otp.signIn.sms(member, { mfa: true, customClaims: { a: 1 } }, refreshJwt),
    },
    {
      name: 'update.email with update options and providerId',
      input: (refreshJwt) => ({ operation: 'updateEmail', refreshJwt, updateOptions, providerId: 'okta' }),
      send: { loginId: member, email },
      sdk: (s, refreshJwt) =>
        s.otp.update.email(member, email, refreshJwt, { ...updateOptions, providerId: 'okta' } as never),
    },
  ];
  for (const channel of phoneChannels) {
    const phone = uniquePhone();
    cases.push({
      name: `update.phone.${channel} with update options`,
      input: (refreshJwt) => ({ operation: 'updatePhone', channel, refreshJwt, updateOptions }),
      send: { loginId: member, phone },
      sdk: (s, refreshJwt) => s.otp.update.phone[channel](member, phone, refreshJwt, updateOptions),
    });
  }
  return cases;
}

describe('the machine sends what Descope core-js-sdk sends for the same call', () => {
  it.for([...sendCases(), ...authenticatedCases()].map((c) => [c.name, c] as const))(
    '%s',
    async ([_, c], { server, flow, sdk, refreshJwt }) => {
      const fromSdk = await lastRequestOf(server, () => c.sdk(sdk, refreshJwt));
      const fromMachine = await lastRequestOf(server, () => viaMachine(flow, c.input(refreshJwt), c.send));
      expect(fromMachine).toEqual(fromSdk);
    },
  );

  it.for(channels)('verify.%s', async (channel, { server, flow, sdk }) => {
    const loginId = channel === 'email' ? uniqueEmail() : uniquePhone();
    const actor = flow({ channel });
    actor.send({ type: 'SEND', loginId });
    await settle(actor);
    const code = server.lastCode(loginId) ?? '';
    const wrong = wrongCode(code);
    const fromSdk = await lastRequestOf(server, () => sdk.otp.verify[channel](loginId, wrong));
    const fromMachine = await lastRequestOf(server, async () => {
      actor.send({ type: 'SUBMIT_CODE', code: wrong });
      await settle(actor);
    });
    expect(fromMachine).toEqual(fromSdk);
    actor.stop();
  });
});
