import { parseArgs } from 'node:util';
import { channels as allChannels, operations as allOperations } from '../../machines/concepts.ts';
import type { Channel, Operation } from '../../machines/otp.types.ts';
import { isChannelAllowed } from '../../machines/validate.ts';

/** A command-line problem: printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the terminal program was asked to do, resolved from flags and environment variables. */
export interface CliOptions {
  /** Run the scripted walkthrough instead of asking questions. */
  demo: boolean;
  /** @default undefined (asked interactively) */
  operation?: Operation;
  /** @default undefined (asked interactively) */
  channel?: Channel;
  /** @default undefined (asked interactively) */
  loginId?: string;
  /** The new email address of `updateEmail`. */
  email?: string;
  /** The new phone number of `updatePhone`. */
  phone?: string;
  /** From `--refresh-jwt` or `DESCOPE_REFRESH_JWT`. */
  refreshJwt?: string;
  /** Print the session and refresh JWTs at the end. @default false */
  showTokens: boolean;
  /** Seconds before a resend is allowed. @default 30 */
  resendCooldownSeconds?: number;
  /** From `DESCOPE_PROJECT_ID`: talk to Descope instead of the embedded test server. */
  projectId?: string;
  /** From `DESCOPE_BASE_URL`. */
  baseUrl?: string;
  /** Stream the flow to a local inspector page (redacted). @default false */
  inspect: boolean;
}

/** The parsed command line. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'testServer'; argv: string[] }
  | { kind: 'run'; options: CliOptions };

const defaultFirst = <T>(list: readonly T[], first: T): readonly T[] => [
  first,
  ...list.filter((item) => item !== first),
];

/** Every operation, the terminal's default first. */
export const operations = defaultFirst(allOperations, 'signUpOrIn');
/** Every channel, the terminal's default first. */
export const channels = defaultFirst(allChannels, 'sms');

/** `a, b or c`. */
export const orList = (list: readonly string[]): string =>
  `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;

const squash = (value: string) => value.toLowerCase().replace(/[^a-z]/g, '');

export function parseOperation(value: string): Operation | undefined {
  return operations.find((operation) => squash(operation) === squash(value));
}

export function parseChannel(value: string): Channel | undefined {
  return channels.find((channel) => channel === value.trim().toLowerCase());
}

const spec = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  demo: { type: 'boolean' },
  operation: { type: 'string' },
  channel: { type: 'string' },
  'login-id': { type: 'string' },
  email: { type: 'string' },
  phone: { type: 'string' },
  'refresh-jwt': { type: 'string' },
  'show-tokens': { type: 'boolean' },
  'resend-cooldown': { type: 'string' },
  inspect: { type: 'boolean' },
} as const;

function readFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split('. ')[0]!.replace(/\.?$/, '.'));
  }
}

function cooldownOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`--resend-cooldown expects a number of seconds (0 or more), got "${value}".`);
  }
  return seconds;
}

function checkCombination(options: CliOptions): void {
  const { operation, channel } = options;
  if (operation && channel && !isChannelAllowed(operation, channel)) {
    const hint = operation === 'updateEmail' ? 'email' : 'sms, voice, whatsapp or im';
    throw new UsageError(`--channel ${channel} cannot be used with --operation ${operation} (use ${hint}).`);
  }
  if (operation && options.email !== undefined && operation !== 'updateEmail') {
    throw new UsageError('--email is the new address of --operation updateEmail only.');
  }
  if (operation && options.phone !== undefined && operation !== 'updatePhone') {
    throw new UsageError('--phone is the new number of --operation updatePhone only.');
  }
}

const present = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** Parses `argv` (without the node and script paths) and the environment. Throws `UsageError`. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = {}): CliCommand {
  if (argv[0] === 'test-server') return { kind: 'testServer', argv: argv.slice(1) };
  const { values, positionals } = readFlags(argv);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    throw new UsageError('Unknown command: the only command is test-server (flags start with --).');
  }
  const operation = values.operation === undefined ? undefined : parseOperation(values.operation);
  if (values.operation !== undefined && !operation) {
    throw new UsageError(`--operation must be one of ${operations.join(', ')}; got "${values.operation}".`);
  }
  const channel = values.channel === undefined ? undefined : parseChannel(values.channel);
  if (values.channel !== undefined && !channel) {
    throw new UsageError(`--channel must be one of ${channels.join(', ')}; got "${values.channel}".`);
  }
  const options: CliOptions = {
    demo: values.demo === true,
    operation,
    channel,
    loginId: present(values['login-id']),
    email: present(values.email),
    phone: present(values.phone),
    refreshJwt: present(values['refresh-jwt']) ?? present(env.DESCOPE_REFRESH_JWT),
    showTokens: values['show-tokens'] === true,
    inspect: values.inspect === true,
    resendCooldownSeconds: cooldownOf(values['resend-cooldown']),
    projectId: present(env.DESCOPE_PROJECT_ID?.trim()),
    baseUrl: present(env.DESCOPE_BASE_URL?.trim()),
  };
  checkCombination(options);
  return { kind: 'run', options };
}
