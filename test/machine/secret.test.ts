import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { otpMachine, SecretValue } from '../../src/index.ts';

describe('SecretValue', () => {
  const refreshJwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVMTIzIn0.c2lnbmF0dXJl';

  it('shows nothing of the secret through JSON, String or util.inspect, and reveals it on request', () => {
    const secret = new SecretValue(refreshJwt);
    expect(JSON.stringify({ secret })).toBe('{}');
    expect(String(secret)).toBe('[redacted]');
    expect(inspect(secret, { depth: 5, showHidden: true })).not.toContain(refreshJwt);
    expect(secret.reveal()).toBe(refreshJwt);
  });

  it('keeps the refresh JWT of the input out of an inspected context', () => {
    const input = {
      projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z',
      operation: 'updateEmail' as const,
      refreshJwt,
    };
    const actor = createActor(otpMachine, { input }).start();
    expect(inspect(actor.getSnapshot().context, { depth: 10, showHidden: true })).not.toContain(refreshJwt);
    actor.stop();
  });
});
