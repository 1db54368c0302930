import { describe, expect } from 'vitest';
import type { TestServer } from '../../src/testing/index.ts';
import { testWithOwnServer as it } from '../helpers/fixtures.ts';
import { signedInRefreshJwt } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';
import { jwtPattern, runInTerminal } from './helpers.ts';

const projectEnv = (server: TestServer, extra: Record<string, string> = {}) => ({
  DESCOPE_PROJECT_ID: server.projectId,
  DESCOPE_BASE_URL: server.url,
  ...extra,
});

describe('with DESCOPE_PROJECT_ID', () => {
  it('explains that updates need a refresh JWT', async ({ server }) => {
    const run = runInTerminal(['--operation', 'updateEmail'], projectEnv(server));
    expect(await run.exited).toBe(2);
    expect(run.output).toContain('✖ You need to be signed in to do this.');
    expect(run.output).toContain('--refresh-jwt or set DESCOPE_REFRESH_JWT');
  });

  it('talks to the configured API instead of an embedded server, and q aborts a request in flight', async ({
    server,
  }) => {
    const loginId = '+14155550123';
    const run = runInTerminal(['--channel', 'sms', '--operation', 'signUpOrIn'], projectEnv(server));
    let at = (await run.waitFor(/Phone number, like \+14155550100 > /)).end;
    expect(run.output).toContain(`Descope project ${server.projectId.slice(0, 6)}… via ${server.url}`);
    run.type(loginId);
    at = (await run.waitFor(/→ awaitingCode: code sent to \+\*+0123 by sms \(3 attempts\)/, { from: at }))
      .end;
    expect(run.output).not.toContain('📨');
    server.fault({ path: '/v1/auth/otp/verify', kind: 'hang' });
    await run.waitFor(/code > /, { from: at });
    run.type(server.lastCode(loginId)!);
    at = (await run.waitFor(/→ verifying: checking the code/, { from: at })).end;
    await until(() => server.openRequests() === 1, { label: 'the verify request to hang' });
    run.type('q');
    await run.waitFor(/Quit\./, { from: at });
    expect(await run.exited).toBe(0);
    await until(() => server.openRequests() === 0, { label: 'the verify request to be closed' });
    expect(run.output).not.toMatch(/→ authenticated/);
  });

  it('updates an email with the refresh JWT from DESCOPE_REFRESH_JWT, never printing it', async ({
    server,
  }) => {
    const refreshJwt = await signedInRefreshJwt(server, 'ada@example.com');
    const args = [
      '--operation',
      'updateEmail',
      '--login-id',
      'ada@example.com',
      '--email',
      'ada@example.org',
    ];
    const run = runInTerminal(args, projectEnv(server, { DESCOPE_REFRESH_JWT: refreshJwt }));
    const at = (await run.waitFor(/→ awaitingCode: code sent to \S+@example\.org by email/)).end;
    await run.waitFor(/code > /, { from: at });
    run.type(server.lastCode('ada@example.com')!);
    await run.waitFor(/First sign-in:\s+no/, { from: at });
    expect(await run.exited).toBe(0);
    expect(server.findUser('ada@example.com')?.email).toBe('ada@example.org');
    expect(run.output).not.toContain(refreshJwt);
    expect(run.output).not.toMatch(jwtPattern);
  });
});
