import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, runTestServerCommand } from '../../src/testing/command.ts';
import { formatDelivery } from '../../src/testing/delivery.ts';
import { post } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../src/testing/bin.ts', import.meta.url));

describe('parseCommandArgs', () => {
  it('reads every option', () => {
    expect(
      parseCommandArgs([
        '--port',
        '0',
        '--project-id',
        'P2other',
        '--code-ttl-ms',
        '60000',
        '--max-attempts',
        '5',
        '--rate-limit',
        '100/60000',
        '--management-key',
        'mk',
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 0,
        projectId: 'P2other',
        codeTtlMs: 60_000,
        maxAttempts: 5,
        rateLimit: { max: 100, windowMs: 60_000 },
        managementKey: 'mk',
      },
    });
    expect(parseCommandArgs([])).toEqual({ help: false, options: { port: 4010 } });
    expect(parseCommandArgs(['--help'])).toEqual({ help: true });
  });

  it('refuses invalid values and unknown options', () => {
    expect(() => parseCommandArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCommandArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCommandArgs(['--max-attempts', '0'])).toThrow(/--max-attempts/);
    expect(() => parseCommandArgs(['--rate-limit', '10'])).toThrow(/--rate-limit/);
    expect(() => parseCommandArgs(['--rate-limit', '10/0'])).toThrow(/--rate-limit/);
    expect(() => parseCommandArgs(['--verbose'])).toThrow();
    expect(() => parseCommandArgs(['--management-key', ''])).toThrow(/--management-key/);
  });

  it('formats deliveries', () => {
    const at = 0;
    expect(
      formatDelivery({
        loginId: '+14155550100',
        code: '123456',
        method: 'sms',
        destination: '+14155550100',
        at,
      }),
    ).toBe('📨 [test server] code for +1415…0100 by sms: 123456');
    expect(
      formatDelivery({ loginId: 'al', code: '654321', method: 'email', destination: 'al@example.com', at }),
    ).toBe('📨 [test server] code for al@example.com by email: 654321 (login ID al)');
  });
});

describe('runTestServerCommand', () => {
  it('prints the banner and every delivered code', async () => {
    const lines: string[] = [];
    const started = await runTestServerCommand(['--port', '0', '--max-attempts', '4'], {
      out: (line) => lines.push(line),
      signals: false,
    });
    const { server, stop } = started!;
    try {
      expect(lines[0]).toBe(`Descope OTP test server on ${server.url} (project P2aA…)`);
      expect(lines[1]).toBe(`Key set: ${server.url}/v2/keys/P2aAc4T2V93bddihGEx2Ryhc8e5Z`);
      expect(lines[2]).toBe('Management API: off');
      const sent = await post(server, '/v1/auth/otp/signup-in/sms', { loginId: '+14155550100' });
      expect(sent.body.verificationAttempts).toBe(4);
      expect(lines[3]).toBe(
        `📨 [test server] code for +1415…0100 by sms: ${server.lastCode('+14155550100')}`,
      );
      expect(lines).toHaveLength(4);
    } finally {
      await stop();
    }
  });

  it('accepts management calls with --management-key and refuses other keys', async () => {
    const lines: string[] = [];
    const started = await runTestServerCommand(['--port', '0', '--management-key', 'mk-secret'], {
      out: (line) => lines.push(line),
      signals: false,
    });
    const { server, stop } = started!;
    try {
      expect(lines[2]).toBe('Management API: on (test users)');
      expect(lines.join('\n')).not.toContain('mk-secret');
      const path = '/v1/mgmt/user/create/test';
      const auth = (key: string) => ({ auth: `Bearer ${server.projectId}:${key}` });
      const created = await post(server, path, { loginId: 'cli-test@example.com' }, auth('mk-secret'));
      expect(created.status).toBe(200);
      expect((await post(server, path, { loginId: 'other@example.com' }, auth('wrong'))).status).toBe(401);
      expect(server.findUser('other@example.com')).toBeUndefined();
    } finally {
      await stop();
    }
  });

  it('prints the usage for --help and for invalid arguments', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const previous = process.exitCode;
    try {
      expect(await runTestServerCommand(['--help'], { out: (line) => out.push(line) })).toBeUndefined();
      expect(out.join('\n')).toMatch(/--rate-limit <max>\/<ms>/);
      expect(out.join('\n')).toMatch(/--management-key <key>/);
      expect(await runTestServerCommand(['--port', 'x'], { err: (line) => err.push(line) })).toBeUndefined();
      expect(err.join('\n')).toMatch(/--port expects/);
      expect(process.exitCode).toBe(2);
    } finally {
      process.exitCode = previous;
    }
  });

  it('runs as a program and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, '--port', '0'], { stdio: 'pipe' });
    let output = '';
    const waitFor = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) resolve(match);
        };
        child.stdout.on('data', check);
        child.once('exit', () => reject(new Error(`exited early: ${output}`)));
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const [, url] = (await waitFor(/on (http:\/\/127\.0\.0\.1:\d+) \(project/)) as [string, string];
      const server = { url, projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' };
      await post(server, '/v1/auth/otp/signup-in/email', { loginId: 'cli@example.com' });
      const [, code] = (await waitFor(/code for cli@example\.com by email: (\d{6})/)) as [string, string];
      const verified = await post(server, '/v1/auth/otp/verify/email', { loginId: 'cli@example.com', code });
      expect(verified.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
