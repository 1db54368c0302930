import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { and, createMachine, not, setup } from 'xstate';
import { otpMachine } from '../../src/index.ts';
import { describeMachine } from '../../src/inspector/definition.ts';
import {
  DIAGRAM_END,
  DIAGRAM_START,
  diagramMarkdown,
  diagramSection,
  stateDiagram,
  withDiagram,
} from '../../src/inspector/diagram.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const outOfDate = 'out of date: run `npm run diagram` and commit the result';

describe('the committed state diagram', () => {
  it.each(['README.md', 'docs/state-diagram.md'])('%s matches the machine', (path) => {
    expect(diagramSection(read(path)), outOfDate).toBe(diagramMarkdown(otpMachine));
  });
});

describe('stateDiagram of the OTP machine', () => {
  const lines = stateDiagram(otpMachine).split('\n');

  it('draws the initial, nested and final states', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> idle');
    expect(lines).toEqual(
      expect.arrayContaining(['  state "sending" as sending', '  sending : invokes sendCode']),
    );
    expect(lines).toContain('  state awaitingCode {');
    expect(lines).toContain('    [*] --> awaitingCode_valid');
    expect(lines).toContain('    state "expired" as awaitingCode_expired');
    expect(lines).toContain('  authenticated --> [*]');
  });

  it('labels transitions with events, guards and invocation results', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        '  idle --> sending: SEND [isResendReady]',
        '  awaitingCode_valid --> verifying: SUBMIT_CODE',
        '  awaitingCode --> sending: RESEND [isResendReady]',
        '  sending --> awaitingCode: sendCode done',
        '  verifying --> authenticated: verifyCode done',
        '  verifying --> failed: verifyCode error [isTerminalError]',
        '  verifying --> awaitingCode_expired: verifyCode error [isExpiredError]',
        '    awaitingCode_valid --> awaitingCode_expired: always [hasExpiredCode]',
        '  note left of idle : RESET from any state but a final one',
        '  verifying : invokes verifyCode',
      ]),
    );
    expect(lines.filter((line) => line.includes('RESET'))).toHaveLength(1);
  });
});

describe('the diagram generator', () => {
  const machine = setup({
    guards: { isA: () => true, isB: () => true },
    actors: {},
  }).createMachine({
    id: 'demo',
    initial: 'one',
    states: {
      one: {
        on: { GO: { guard: and(['isA', not('isB')]), target: 'two' }, STAY: { actions: () => {} } },
        after: { 500: 'two' },
      },
      two: {
        initial: 'inner',
        states: {
          inner: { always: { guard: 'isA', target: 'deep' } },
          deep: { initial: 'x', states: { x: { on: { END: '#demo.three' } } } },
          last: { type: 'final' },
        },
        onDone: 'three',
      },
      three: { type: 'final' },
    },
  });

  it('describes guards, delays, eventless and done transitions', () => {
    const text = stateDiagram(machine);
    expect(text).toContain('one --> two: GO [isA and (not isB)]');
    expect(text).toContain('one --> two: after 500');
    expect(text).toContain('two_inner --> two_deep: always [isA]');
    expect(text).toContain('two --> three: done');
    expect(text).toContain('two_deep_x --> three: END');
    expect(text).toContain('    state two_deep {');
    expect(text).toContain('    two_last --> [*]');
    expect(text).not.toContain('STAY');
  });

  it('describes a machine tree as plain JSON', () => {
    const tree = describeMachine(
      createMachine({ id: 'm', initial: 'a', states: { a: { on: { E: 'b' } }, b: {} } }),
    );
    expect(tree).toEqual({
      id: 'm',
      key: 'm',
      type: 'compound',
      initial: 'm.a',
      invoke: [],
      transitions: [],
      states: [
        {
          id: 'm.a',
          key: 'a',
          type: 'atomic',
          invoke: [],
          states: [],
          transitions: [{ event: 'E', label: 'E', targets: ['m.b'] }],
        },
        { id: 'm.b', key: 'b', type: 'atomic', invoke: [], states: [], transitions: [] },
      ],
    });
  });

  it('replaces the text between the markers and nothing else', () => {
    const document = `# Title\n\n${DIAGRAM_START}\nold\n${DIAGRAM_END}\n\nAfter.\n`;
    const next = withDiagram(document, 'NEW');
    expect(next).toBe(`# Title\n\n${DIAGRAM_START}\nNEW\n${DIAGRAM_END}\n\nAfter.\n`);
    expect(diagramSection(next!)).toBe('NEW');
    expect(withDiagram('# no markers', 'NEW')).toBeNull();
    expect(diagramSection('# no markers')).toBeNull();
  });
});
