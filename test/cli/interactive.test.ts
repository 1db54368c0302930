import { describe, expect, it } from 'vitest';
import { deliveries, jwtPattern, runInTerminal } from './helpers.ts';

describe('interactive mode in a terminal', () => {
  it('walks the menus, refuses a wrong code, resends by sms, voice and sms again, and signs in', async () => {
    const run = runInTerminal(['--resend-cooldown', '1']);
    await run.waitFor(/Operation \[1 signUpOrIn\] > /);
    run.type('');
    await run.waitFor(/ {2}1\) sms {10}a text message\n {2}2\) email/);
    await run.waitFor(/Channel \[1 sms\] > /);
    run.type('');
    let at = (await run.waitFor(/Phone number, like \+14155550100 \[\+14155550100\] > /)).end;
    run.type('');
    at = (await run.waitFor(/→ awaitingCode: code sent to \+\*+0100 by sms \(3 attempts\)/, { from: at }))
      .end;
    const first = deliveries(run.output).at(-1)!;
    expect(first.channel).toBe('sms');
    await run.waitFor(/code > /, { from: at });
    run.type(first.code === '000000' ? '111111' : '000000');
    at = (await run.waitFor(/✖ That code is not right\. 2 attempts left\. \[E061102\]/, { from: at })).end;
    at = (await run.waitFor(/· You can ask for a new code now\./, { from: at })).end;
    run.type('r');
    at = (await run.waitFor(/→ awaitingCode: code sent to \S+ by sms \(3 attempts\)/, { from: at })).end;
    await run.waitFor(/· You can ask for a new code now\./, { from: at });
    run.type('v');
    at = (await run.waitFor(/→ awaitingCode: code sent to \S+ by voice \(3 attempts\)/, { from: at })).end;
    expect(deliveries(run.output).at(-1)!.channel).toBe('voice');
    await run.waitFor(/· You can ask for a new code now\./, { from: at });
    run.type('s');
    at = (await run.waitFor(/→ awaitingCode: code sent to \S+ by sms \(3 attempts\)/, { from: at })).end;
    const last = deliveries(run.output).at(-1)!;
    expect(last.channel).toBe('sms');
    run.type(last.code);
    await run.waitFor(/→ authenticated: signed in/, { from: at });
    await run.waitFor(/First sign-in:\s+yes/);
    expect(await run.exited).toBe(0);
    expect(run.output).not.toMatch(jwtPattern);
  });
});

describe('interactive keys', () => {
  it('rejects a malformed code locally, edits the login ID with e, and quits with q', async () => {
    const run = runInTerminal([
      '--operation',
      'signUpOrIn',
      '--channel',
      'sms',
      '--login-id',
      '+14155550100',
    ]);
    let at = (await run.waitFor(/→ awaitingCode: code sent to \+\*+0100 by sms/)).end;
    await run.waitFor(/new code in \d+s\] code > /, { from: at });
    run.type('12ab');
    at = (await run.waitFor(/✖ Enter the code you received \(digits only\)\./, { from: at })).end;
    run.type('12 ab');
    at = (await run.waitFor(/✖ Enter the code you received \(digits only\)\./, { from: at })).end;
    run.type('r');
    at = (await run.waitFor(/✖ You can ask for a new code in \d+s\./, { from: at })).end;
    run.type('e');
    at = (await run.waitFor(/→ idle: ready for a login ID/, { from: at })).end;
    await run.waitFor(/Phone number, like \+14155550100 \[\+14155550100\] > /, { from: at });
    run.type('+14155550199');
    at = (await run.waitFor(/→ awaitingCode: code sent to \+\*+0199 by sms/, { from: at })).end;
    expect(deliveries(run.output).map((sent) => sent.channel)).toEqual(['sms', 'sms']);
    await run.waitFor(/code > /, { from: at });
    run.type('q');
    await run.waitFor(/Quit\./, { from: at });
    expect(await run.exited).toBe(0);
    expect(run.output).not.toMatch(/→ authenticated/);
  });

  it('stops on Ctrl-C with status 130', async () => {
    const run = runInTerminal(['--channel', 'email', '--operation', 'signUpOrIn']);
    const at = (await run.waitFor(/Email address \[demo@example\.com\] > /)).end;
    run.type('');
    await run.waitFor(/→ awaitingCode: code sent to \S+@example\.com by email/, { from: at });
    await run.waitFor(/code > /, { from: at });
    run.press('\x03');
    await run.waitFor(/Interrupted\./, { from: at });
    expect(await run.exited).toBe(130);
  });

  it('shows a terminal failure with its Descope error code, starts again with e, and exits 1 on q', async () => {
    const run = runInTerminal(['--operation', 'signIn', '--channel', 'sms']);
    let at = (await run.waitFor(/Login ID \[\+14155550100\] > /)).end;
    run.type('');
    at = (await run.waitFor(/→ failed: the flow stopped/, { from: at })).end;
    await run.waitFor(/✖ No account was found for this login ID\. \[E062108\]/);
    await run.waitFor(/e start again, q quit > /, { from: at });
    run.type('e');
    at = (await run.waitFor(/Login ID \[\+14155550100\] > /, { from: at })).end;
    run.type('+14155550111');
    at = (await run.waitFor(/→ failed/, { from: at })).end;
    await run.waitFor(/e start again, q quit > /, { from: at });
    run.type('q');
    expect(await run.exited).toBe(1);
  });

  it('updates an email offline: the embedded test server signs the login ID in first', async () => {
    const run = runInTerminal(['--operation', 'updateEmail']);
    let at = (await run.waitFor(/Login ID of the signed-in user \[demo@example\.com\] > /)).end;
    run.type('');
    at = (await run.waitFor(/· Signed in as demo@example\.com on the test server/, { from: at })).end;
    await run.waitFor(/New email address > /, { from: at });
    run.type('new@example.com');
    at = (await run.waitFor(/→ awaitingCode: code sent to \S+ by email/, { from: at })).end;
    expect(run.output).toContain('code for new@example.com by email: ');
    await run.waitFor(/code > /, { from: at });
    run.type(deliveries(run.output).at(-1)!.code);
    await run.waitFor(/→ authenticated: signed in/, { from: at });
    expect(await run.exited).toBe(0);
    expect(run.output).not.toMatch(jwtPattern);
  });

  it('updates a phone offline with the choices given as flags', async () => {
    const flags = ['--operation', 'updatePhone', '--channel', 'voice', '--login-id', 'ada@example.com'];
    const run = runInTerminal([...flags, '--phone', '+14155550177']);
    const at = (await run.waitFor(/→ awaitingCode: code sent to \S+ by voice/)).end;
    expect(run.output).toContain('code for +1415…0177 by voice: ');
    await run.waitFor(/code > /, { from: at });
    run.type(deliveries(run.output).at(-1)!.code);
    await run.waitFor(/→ authenticated: signed in/, { from: at });
    expect(await run.exited).toBe(0);
  });
});
