import { isPhoneChannel } from '../../machines/concepts.ts';
import { OtpError } from '../../machines/failures.ts';
import { maskEmail, maskPhone } from '../descope/mask.ts';
import type { Operation, OtpFailure } from '../index.ts';
import { normalizePhone } from './countries.ts';
import type { StepServices } from './services.ts';
import type { Outcome } from './step.ts';
import type { FlowFailure } from './types.ts';

const hiddenKinds: Partial<Record<Operation, FlowFailure['kind']>> = {
  signIn: 'userNotFound',
  signUp: 'userAlreadyExists',
};

/** What a decoy flow keeps beside the persisted flow: it can never authenticate. */
export interface Decoy {
  reason: 'userNotFound' | 'userAlreadyExists';
  attempts: number;
  wrong: number;
}

const defaultAttempts = 3;
const errorCodes = { wrongCode: 'E061102', tooManyAttempts: 'E061103' } as const;

/** The failure a decoy answers for, when `error` is the one `hideUserExistence` hides for `operation`. */
export const hiddenReason = (operation: Operation | undefined, error: FlowFailure | null) =>
  // Stryker disable next-line StringLiteral: signUpOrIn hides no kind, as no other name does
  error && hiddenKinds[operation ?? 'signUpOrIn'] === error.kind
    ? (error.kind as Decoy['reason'])
    : undefined;

/** The decoy marker of a stored flow, if it is one. */
export function decoyOf(flow: unknown): Decoy | undefined {
  const decoy = (flow as { decoy?: Partial<Decoy> } | null | undefined)?.decoy;
  if (typeof decoy !== 'object' || decoy === null) return undefined;
  const { reason, attempts, wrong } = decoy;
  return {
    reason: reason === 'userAlreadyExists' ? reason : 'userNotFound',
    attempts:
      Number.isSafeInteger(attempts) && (attempts as number) > 0 ? (attempts as number) : defaultAttempts,
    // Stryker disable next-line EqualityOperator: a count of 0 reads as 0 either way
    wrong: Number.isSafeInteger(wrong) && (wrong as number) >= 0 ? (wrong as number) : 0,
  };
}

/** The masked destination every send shows under `hideUserExistence`: made from the destination, never Descope's. */
export const maskOf = (destination: string, isPhone: boolean) =>
  isPhone ? maskPhone(normalizePhone(destination)) : maskEmail(destination.trim());

const pause = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (!(ms > 0) || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    signal?.addEventListener('abort', stop);
  });

/** How long a decoy's send and verify wait, so that they take about as long as real ones. */
export interface DecoyDelays {
  sendMs: number;
  verifyMs: number;
}

/**
 * Services that send nothing and verify nothing: wrong codes until the attempts run out, each after the time a
 * real request takes.
 */
export const decoyServices = (decoy: Decoy, delays: DecoyDelays): StepServices => ({
  async sendCode({ input, signal }) {
    await pause(delays.sendMs, signal);
    return {
      maskedDestination: maskOf(input.loginId, isPhoneChannel(input.channel)),
      verificationAttempts: decoy.attempts,
    };
  },
  async verifyCode({ signal }) {
    await pause(delays.verifyMs, signal);
    const kind = decoy.wrong + 1 >= decoy.attempts ? 'tooManyAttempts' : 'wrongCode';
    throw new OtpError({ kind, errorCode: errorCodes[kind] });
  },
});

/** The usual time of real sends and verifies (a moving average), for decoys to take as long. */
export function latencyLearner() {
  const average = { send: 0, verify: 0 };
  const learn = (kind: keyof typeof average, ms: number) => {
    average[kind] = average[kind] === 0 ? ms : average[kind] * 0.8 + ms * 0.2;
  };
  return {
    delays: (spentMs = 0): DecoyDelays => ({
      sendMs: Math.max(0, average.send - spentMs),
      verifyMs: Math.max(0, average.verify - spentMs),
    }),
    learn(eventType: string, outcome: Outcome, ms: number) {
      const kind = outcome.error?.kind;
      if ((eventType === 'SEND' || eventType === 'RESEND') && !outcome.error) learn('send', ms);
      if (eventType === 'SUBMIT_CODE' && (kind === 'wrongCode' || kind === 'tooManyAttempts'))
        learn('verify', ms);
    },
  };
}

/** The decoy after a step: a send starts its attempts over, a wrong code counts. */
export function nextDecoy(decoy: Decoy, eventType: string, error: FlowFailure | null): Decoy {
  if (eventType === 'SEND' || eventType === 'RESEND') return error ? decoy : { ...decoy, wrong: 0 };
  return error?.kind === 'wrongCode' ? { ...decoy, wrong: decoy.wrong + 1 } : decoy;
}

const plain = <T extends FlowFailure>(failure: T): T => {
  if (failure.kind !== 'wrongCode' && failure.kind !== 'tooManyAttempts') return failure;
  const { attemptsLeft } = failure as OtpFailure & { attemptsLeft?: number };
  const kept = { kind: failure.kind, errorCode: errorCodes[failure.kind] };
  return (attemptsLeft === undefined ? kept : { ...kept, attemptsLeft }) as T;
};

/**
 * Makes a real flow's answer and a decoy's the same: the mask made from the destination, and wrong-code
 * failures reduced to their kind, Descope's code and the attempts left.
 */
export function disguise(outcome: Outcome, masked: string | undefined): Outcome {
  const { view, error } = outcome;
  if (!view) return outcome;
  const viewError = view.error && { ...plain(view.error), message: view.error.message };
  const shown = masked !== undefined && view.maskedDestination !== null ? { maskedDestination: masked } : {};
  return { ...outcome, error: error && plain(error), view: { ...view, ...shown, error: viewError } };
}

/** The verify attempts real sends have shown, so that decoys show the same. */
export function attemptsLearner() {
  let attempts = defaultAttempts;
  return {
    get: () => attempts,
    learn(outcome: Outcome) {
      const shown = outcome.view?.attemptsLeft;
      if (!outcome.error && typeof shown === 'number' && shown > 0) attempts = shown;
    },
  };
}
