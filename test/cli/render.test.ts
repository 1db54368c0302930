import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { errorLine, pathOf, sessionLines, transitionLines } from '../../src/cli/render.ts';
import type { OtpContext, OtpSession } from '../../src/index.ts';
import { connect, otpMachine } from '../../src/index.ts';
import { formatDelivery } from '../../src/testing/index.ts';

const initial = createActor(otpMachine, {
  input: { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z', channel: 'sms', baseUrl: 'http://127.0.0.1:1' },
}).getSnapshot();

const at = (value: string | { awaitingCode: 'valid' | 'expired' }, context: Partial<OtpContext>) =>
  connect(
    otpMachine.resolveState({ value, context: { ...initial.context, loginId: '+14155550100', ...context } }),
    () => {},
  );

const session: OtpSession = {
  sessionJwt: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJVMSJ9.c2ln',
  refreshJwt: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJVMiJ9.c2ln',
  sessionExpiration: 1_900_000_600,
  firstSeen: true,
  user: { userId: 'U1' },
};

describe('render', () => {
  it('names states by path', () => {
    expect(pathOf(at('idle', {}))).toBe('idle');
    expect(pathOf(at({ awaitingCode: 'valid' }, {}))).toBe('awaitingCode');
    expect(pathOf(at({ awaitingCode: 'expired' }, {}))).toBe('awaitingCode.expired');
  });

  it('prints one line per state change and one per new failure', () => {
    const sending = at('sending', { pendingChannel: 'sms' });
    const sent = at(
      { awaitingCode: 'valid' },
      { generation: 1, maskedDestination: '+*******0100', attemptsLeft: 3 },
    );
    const wrong = { kind: 'wrongCode', attemptsLeft: 2, errorCode: 'E061102' } as const;
    const refused = at({ awaitingCode: 'valid' }, { generation: 1, attemptsLeft: 2, error: wrong });
    expect(transitionLines(sending, at('idle', {}))).toEqual([
      '→ sending: asking for a code for +14155550100 by sms',
    ]);
    expect(transitionLines(sent, sending)).toEqual([
      '→ awaitingCode: code sent to +*******0100 by sms (3 attempts)',
    ]);
    expect(transitionLines(refused, at('verifying', { generation: 1, attemptsLeft: 3 }))).toEqual([
      '→ awaitingCode: waiting for the code (2 attempts left)',
      '✖ That code is not right. 2 attempts left. [E061102]',
    ]);
    expect(transitionLines(refused, refused)).toEqual([]);
    const ready = at({ awaitingCode: 'valid' }, { generation: 1, resendReady: true });
    expect(
      transitionLines(ready, at({ awaitingCode: 'valid' }, { generation: 1, resendReady: false })),
    ).toEqual(['· You can ask for a new code now.']);
  });

  it('prints errors without a code when Descope sent none', () => {
    expect(errorLine({ kind: 'network' })).toBe('✖ Could not reach the server. Check your connection.');
  });

  it('shortens phone destinations in delivery lines', () => {
    expect(
      formatDelivery({
        loginId: '+14155550100',
        destination: '+14155550100',
        method: 'sms',
        code: '123456',
        at: 0,
      }),
    ).toBe('📨 [test server] code for +1415…0100 by sms: 123456');
  });

  it('hides tokens unless asked', () => {
    const hidden = sessionLines(session, false, 1_900_000_000_000).join('\n');
    expect(hidden).toContain('User ID:         U1');
    expect(hidden).toContain('First sign-in:   yes');
    expect(hidden).toContain('2030-03-17T17:56:40.000Z (in 10 minutes)');
    expect(hidden).not.toContain('eyJ');
    const shown = sessionLines(session, true, 1_900_000_000_000).join('\n');
    expect(shown).toContain(session.sessionJwt);
    expect(shown).toContain(session.refreshJwt);
  });
});
