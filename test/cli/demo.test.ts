import { describe, expect, it } from 'vitest';
import { deliveries, jwtPattern, runPiped } from './helpers.ts';

const walkthrough = [
  /→ sending: asking for a code for \+14155550100 by sms/,
  /→ awaitingCode: code sent to \+\*+0100 by sms \(3 attempts\)/,
  /✖ That code is not right\. 2 attempts left\. \[E061102\]/,
  /→ sending: asking for a new code by sms/,
  /Type the first code again \(\d{6}\): it was replaced by the new one\./,
  /→ authenticated: signed in/,
  /User ID:\s+U\w+/,
  /First sign-in:\s+yes/,
  /Session expires:\s+\d{4}-\d\d-\d\dT/,
  /✔ Demo complete\./,
];

function expectInOrder(output: string, patterns: RegExp[]): void {
  let rest = output;
  for (const pattern of patterns) {
    const match = rest.match(pattern);
    expect(match, `${pattern} after:\n${rest}`).not.toBeNull();
    rest = rest.slice((match!.index ?? 0) + match![0].length);
  }
}

describe('scripted walkthrough', () => {
  it('runs with --demo, ends authenticated, exits 0 and prints no token', async () => {
    const run = runPiped(['--demo']);
    expect(await run.exited).toBe(0);
    expect(run.output).toMatch(/^Scripted demo against the embedded test server\./);
    expectInOrder(run.output, walkthrough);
    expect(run.output.match(/✖ That code is not right/g)).toHaveLength(2);
    expect(run.output).toMatch(/Tokens:\s+hidden/);
    expect(run.output).not.toMatch(jwtPattern);
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it('runs without a terminal on stdin (stdin from /dev/null)', async () => {
    const run = runPiped([], { stdin: 'ignore' });
    expect(await run.exited).toBe(0);
    expect(run.output).toMatch(/^No terminal on stdin: running the scripted demo/);
    expectInOrder(run.output, walkthrough);
    const sent = deliveries(run.output);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.code).not.toBe(sent[1]!.code);
    expect(run.output).toContain(`Type the new code: ${sent[1]!.code}`);
    expect(run.output).not.toMatch(jwtPattern);
  });

  it('prints the tokens only with --show-tokens', async () => {
    const run = runPiped(['--demo', '--show-tokens'], { stdin: 'ignore' });
    expect(await run.exited).toBe(0);
    expect(run.output).toMatch(new RegExp(`Session JWT:\\s+${jwtPattern.source}`));
    expect(run.output).toMatch(new RegExp(`Refresh JWT:\\s+${jwtPattern.source}`));
  });
});
