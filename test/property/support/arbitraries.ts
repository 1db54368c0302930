import fc from 'fast-check';
import { channels, operations, phoneChannels } from '../../../machines/concepts.ts';
import {
  AdvanceCommand,
  type ClockMove,
  type CodeChoice,
  FaultCommand,
  ResendCommand,
  ResetCommand,
  SendCommand,
  SubmitCommand,
} from './commands.ts';
import type { RunConfig } from './harness.ts';
import type { Fault } from './model.ts';

/**
 * The request timeout of runs that time out: long enough for an answered request on a loaded machine,
 * short enough to keep runs quick.
 */
export const SHORT_TIMEOUT_MS = 2_000;

const invalidLoginIds = ['', '   ', 'not-a-phone', 'alice@example.com', '+0123'];
const malformedCodes: unknown[] = ['abc123', '12345', '1234567', '12a456', '', 123456, null, undefined];
const clockMoves: ClockMove[] = [
  'second',
  'cooldown',
  'expiry',
  'toResend',
  'beforeResend',
  'toExpiry',
  'beforeExpiry',
];

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 8 });

const codeChoice: fc.Arbitrary<CodeChoice> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('right'),
      format: fc.constantFrom('plain', 'spaced', 'dashed'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('superseded'), pick: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wrong'), digits }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('malformed'), value: fc.constantFrom(...malformedCodes) }),
  },
) as fc.Arbitrary<CodeChoice>;

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constantFrom<Fault>({ kind: 'status', status: 500 }, { kind: 'status', status: 503 }),
  fc.record({
    kind: fc.constant('status'),
    status: fc.constant(429),
    retryAfterSeconds: fc.integer({ min: 0, max: 90 }),
  }),
  fc.constantFrom<Fault>({ kind: 'hang' }, { kind: 'drop' }, { kind: 'html' }, { kind: 'empty' }),
  fc.record({ kind: fc.constant('delay'), delayMs: fc.integer({ min: 1, max: 10 }) }),
) as fc.Arbitrary<Fault>;

const repeat = <T>(times: number, arbitrary: T): T[] => Array.from({ length: times }, () => arbitrary);

const anyChannel = fc.constantFrom<string | undefined>(undefined, ...channels, 'fax');
const validSend = fc
  .constantFrom(undefined, undefined, ...channels)
  .map((channel) => new SendCommand(null, channel));
const invalidSend = fc.oneof(
  fc
    .tuple(fc.constantFrom(...invalidLoginIds), anyChannel)
    .map(([loginId, channel]) => new SendCommand(loginId, channel)),
  anyChannel.map((channel) => new SendCommand(null, channel)),
);
const submit = codeChoice.map((choice) => new SubmitCommand(choice));
const resend = anyChannel.map((channel) => new ResendCommand(channel));
const resetFlow = fc.constant(null).map(() => new ResetCommand());
const clockMove = fc.constantFrom(...clockMoves).map((move) => new AdvanceCommand(move));
const serverFault = fault.map((spec) => new FaultCommand(spec));

/**
 * What a run is made with: every operation over each channel it allows, codes of 4 to 8 digits, and now
 * and then a short request timeout that turns a hanging request into a `timeout`.
 */
export const runConfig: fc.Arbitrary<RunConfig> = fc
  .record({
    operation: fc.constantFrom(...operations),
    channel: fc.constantFrom(...channels),
    phoneChannel: fc.constantFrom(...phoneChannels),
    codeLength: fc.integer({ min: 4, max: 8 }),
    shortTimeout: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
  })
  .map(({ operation, channel, phoneChannel, codeLength, shortTimeout }) => ({
    operation,
    channel: operation === 'updateEmail' ? 'email' : operation === 'updatePhone' ? phoneChannel : channel,
    codeLength,
    ...(shortTimeout ? { requestTimeoutMs: SHORT_TIMEOUT_MS } : {}),
  }));

/** Every event of the machine, clock moves and server faults, weighted towards flows that progress. */
export const otpCommands = [
  ...repeat(5, validSend),
  invalidSend,
  ...repeat(5, submit),
  ...repeat(2, resend),
  resetFlow,
  ...repeat(2, clockMove),
  ...repeat(2, serverFault),
];

/** What a user (or the clock) does between the answers the scheduler holds back. */
export const userActions = [
  'SEND',
  'SUBMIT newest',
  'SUBMIT older',
  'SUBMIT wrong',
  'RESEND',
  'RESEND voice',
  'RESET',
  'advance cooldown',
  'advance expiry',
] as const;
export type UserAction = (typeof userActions)[number];
