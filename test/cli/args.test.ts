import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/cli/args.ts';
import { runPiped } from './helpers.ts';

describe('command line', () => {
  it('documents flags, keys and environment variables in --help', async () => {
    const run = runPiped(['--help']);
    expect(await run.exited).toBe(0);
    for (const text of [
      '--operation',
      '--channel',
      '--login-id',
      '--email',
      '--phone',
      '--refresh-jwt',
      '--resend-cooldown',
      '--show-tokens',
      '--demo',
      'test-server',
      'DESCOPE_PROJECT_ID',
      'DESCOPE_BASE_URL',
      'DESCOPE_REFRESH_JWT',
      'r       ',
      'v / s',
      'e       ',
      'q       ',
      'Exit status',
    ]) {
      expect(run.output).toContain(text);
    }
  });

  it('refuses an invalid --channel with a readable message and exit status 2', async () => {
    const run = runPiped(['--channel', 'fax'], { stdin: 'ignore' });
    expect(await run.exited).toBe(2);
    expect(run.output).toContain('✖ --channel must be one of sms, email, voice, whatsapp, im; got "fax".');
    expect(run.output).toContain('--help');
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it('refuses unknown options and a channel the operation cannot use', async () => {
    const unknown = runPiped(['--colour'], { stdin: 'ignore' });
    const mismatch = runPiped(['--operation', 'updateEmail', '--channel', 'sms'], { stdin: 'ignore' });
    expect(await unknown.exited).toBe(2);
    expect(unknown.output).toMatch(/✖ Unknown option '--colour'\./);
    expect(await mismatch.exited).toBe(2);
    expect(mismatch.output).toContain('--channel sms cannot be used with --operation updateEmail');
  });

  it('runs the test server as a subcommand until interrupted', async () => {
    const run = runPiped(['test-server', '--port', '0']);
    const [, url] = await run.waitFor(/Descope OTP test server on (http:\/\/127\.0\.0\.1:\d+)/);
    const answer = await fetch(`${url}/v1/auth/otp/signup-in/sms`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(401);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('parses flags and environment variables', () => {
    const command = parseCli(['--operation', 'sign-in', '--channel', 'VOICE', '--resend-cooldown', '2.5'], {
      DESCOPE_PROJECT_ID: ' P2abc ',
      DESCOPE_REFRESH_JWT: 'refresh',
    });
    expect(command).toMatchObject({
      kind: 'run',
      options: {
        operation: 'signIn',
        channel: 'voice',
        resendCooldownSeconds: 2.5,
        projectId: 'P2abc',
        refreshJwt: 'refresh',
        demo: false,
      },
    });
    expect(parseCli(['test-server', '--port', '4010'])).toEqual({
      kind: 'testServer',
      argv: ['--port', '4010'],
    });
    expect(() => parseCli(['--resend-cooldown', '-1'])).toThrow(UsageError);
    expect(() => parseCli(['--operation', 'updatePhone', '--email', 'a@b.co'])).toThrow(UsageError);
    expect(() => parseCli(['login'])).toThrow(/Unknown command: the only command is test-server/);
  });
});
