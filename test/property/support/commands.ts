import type fc from 'fast-check';
import { expect } from 'vitest';
import { isChannel, isPhoneChannel } from '../../../machines/concepts.ts';
import { type Real, runDeliveries, sendEvent, settle } from './harness.ts';
import { checkInvariants, expectNothingLeft, expectRequests } from './invariants.ts';
import {
  advance,
  CODE_TTL_MS,
  COOLDOWN_MS,
  canResend,
  canSend,
  type Fault,
  isChannelAllowed,
  isSwitchAllowed,
  MAX_FAULTS,
  type OtpModel,
  reset,
  sendCode,
  verifyCode,
} from './model.ts';

type Command = fc.AsyncCommand<OtpModel, Real>;

/** A user event or clock move; `apply` updates the model and returns the requests it should cause. */
abstract class Step implements Command {
  check(model: Readonly<OtpModel>): boolean {
    return model.family !== 'authenticated';
  }

  async run(model: OtpModel, real: Real): Promise<void> {
    const before = real.server.requests.length;
    const expected = this.apply(model, real);
    await settle(real, model, before + expected);
    expectRequests(real, before, expected);
    await checkInvariants(real, model);
    await this.after(model, real);
  }

  protected abstract apply(model: OtpModel, real: Real): number;

  protected async after(_model: OtpModel, _real: Real): Promise<void> {}

  abstract toString(): string;
}

const isAddressFor = (channel: unknown, loginId: string) =>
  isPhoneChannel(channel) ? /^\+[1-9]\d{6,14}$/.test(loginId) : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(loginId);

export class SendCommand extends Step {
  constructor(
    readonly loginId: string | null,
    readonly channel: string | undefined,
  ) {
    super();
  }

  /** Another login ID only where it is sure to be refused: blank, or not an address for sign-up-or-in. */
  override check(model: Readonly<OtpModel>): boolean {
    if (!super.check(model) || this.loginId === null || this.loginId.trim() === '') return super.check(model);
    const channel = this.channel ?? model.inputChannel;
    return model.operation === 'signUpOrIn' && !(isChannel(channel) && isAddressFor(channel, this.loginId));
  }

  protected apply(model: OtpModel, real: Real): number {
    const channel = this.channel ?? model.inputChannel;
    const kept = model.operation !== 'signUpOrIn' || isPhoneChannel(channel) === real.loginId.startsWith('+');
    const valid = this.loginId === null && isChannelAllowed(model.operation, channel) && kept;
    const address = model.operation === 'updateEmail' ? 'email' : 'phone';
    const event = {
      type: 'SEND',
      loginId: this.loginId ?? real.loginId,
      channel: this.channel,
      ...(real.newAddress === undefined ? {} : { [address]: real.newAddress }),
    };
    const idle = model.family === 'idle';
    const accepted = valid && canSend(model);
    sendEvent(real, event);
    if (idle && !valid) model.error = 'invalidInput';
    if (accepted && isChannelAllowed(model.operation, channel)) sendCode(model, channel);
    return accepted ? 1 : 0;
  }

  toString(): string {
    return `SEND(${this.loginId === null ? 'flow' : JSON.stringify(this.loginId)}${this.channel ? `, ${this.channel}` : ''})`;
  }
}

export type CodeChoice =
  | { kind: 'right'; format: 'plain' | 'spaced' | 'dashed' }
  | { kind: 'superseded'; pick: number }
  | { kind: 'wrong'; digits: string }
  | { kind: 'malformed'; value: unknown };

const formats = {
  plain: (code: string) => code,
  spaced: (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`,
  dashed: (code: string) => `${code.slice(0, 3)}-${code.slice(3)}`,
};

export class SubmitCommand extends Step {
  constructor(readonly choice: CodeChoice) {
    super();
  }

  private codeFor(real: Real): unknown {
    const newest = real.server.lastCode(real.loginId) ?? '0'.repeat(real.config.codeLength);
    switch (this.choice.kind) {
      case 'right':
        return formats[this.choice.format](newest);
      case 'superseded': {
        const earlier = runDeliveries(real)
          .map((delivery) => delivery.code)
          .filter((code) => code !== newest);
        return earlier[this.choice.pick % Math.max(1, earlier.length)] ?? '0'.repeat(real.config.codeLength);
      }
      case 'wrong':
        return this.choice.digits.slice(0, real.config.codeLength);
      case 'malformed':
        return this.choice.value;
    }
  }

  protected apply(model: OtpModel, real: Real): number {
    const code = this.codeFor(real);
    const digits = typeof code === 'string' ? code.replace(/[\s-]/g, '') : null;
    const valid = digits !== null && /^\d+$/.test(digits) && digits.length === real.config.codeLength;
    sendEvent(real, { type: 'SUBMIT_CODE', code });
    if (model.family === 'expired') model.error = 'codeExpired';
    if (model.family !== 'awaitingCode') return 0;
    if (!valid) {
      model.error = 'invalidInput';
      return 0;
    }
    real.submitted = digits;
    verifyCode(model, digits === real.server.lastCode(real.loginId));
    return 1;
  }

  toString(): string {
    const { choice } = this;
    if (choice.kind === 'right') return `SUBMIT_CODE(right, ${choice.format})`;
    if (choice.kind === 'superseded') return `SUBMIT_CODE(superseded #${choice.pick})`;
    if (choice.kind === 'wrong') return `SUBMIT_CODE(wrong "${choice.digits}")`;
    return `SUBMIT_CODE(malformed ${JSON.stringify(choice.value) ?? 'undefined'})`;
  }
}

export class ResendCommand extends Step {
  private before = '';

  constructor(readonly channel: string | undefined) {
    super();
  }

  protected apply(model: OtpModel, real: Real): number {
    const snapshot = real.actor.getSnapshot();
    this.before = canResend(model) ? '' : JSON.stringify([snapshot.value, snapshot.context]);
    sendEvent(real, this.channel ? { type: 'RESEND', channel: this.channel } : { type: 'RESEND' });
    if (!canResend(model)) return 0;
    const channel = this.channel ?? model.channel;
    if (!isSwitchAllowed(model.operation, model.channel, this.channel) || !isChannel(channel)) {
      model.error = 'invalidInput';
      return 0;
    }
    sendCode(model, channel);
    return 1;
  }

  protected override async after(_model: OtpModel, real: Real): Promise<void> {
    if (this.before === '') return;
    const snapshot = real.actor.getSnapshot();
    expect(
      JSON.stringify([snapshot.value, snapshot.context]),
      'invariant 4: a refused RESEND changes nothing',
    ).toBe(this.before);
  }

  toString(): string {
    return `RESEND(${this.channel ?? ''})`;
  }
}

export class ResetCommand extends Step {
  protected apply(model: OtpModel, real: Real): number {
    sendEvent(real, { type: 'RESET' });
    real.flowDeliveries = real.server.deliveries.length;
    reset(model);
    return 0;
  }

  protected override async after(model: OtpModel, real: Real): Promise<void> {
    await expectNothingLeft(real, 'RESET', model.now < model.resendAt ? 1 : 0);
  }

  toString(): string {
    return 'RESET';
  }
}

export type ClockMove =
  | 'second'
  | 'cooldown'
  | 'expiry'
  | 'toResend'
  | 'beforeResend'
  | 'toExpiry'
  | 'beforeExpiry';

export class AdvanceCommand extends Step {
  constructor(readonly move: ClockMove) {
    super();
  }

  override check(): boolean {
    return true;
  }

  private msFor(model: OtpModel): number {
    const until = (at: number, offset: number) => Math.max(0, at - model.now + offset);
    switch (this.move) {
      case 'second':
        return 1_000;
      case 'cooldown':
        return COOLDOWN_MS + 1;
      case 'expiry':
        return CODE_TTL_MS + 1;
      case 'toResend':
        return until(model.resendAt, 0);
      case 'beforeResend':
        return until(model.resendAt, -1);
      case 'toExpiry':
        return until(model.expiresAt, 0);
      case 'beforeExpiry':
        return until(model.expiresAt, -1);
    }
  }

  protected apply(model: OtpModel, real: Real): number {
    const ms = this.msFor(model);
    real.clock.increment(ms);
    advance(model, ms);
    return 0;
  }

  toString(): string {
    return `advance(${this.move})`;
  }
}

export class FaultCommand extends Step {
  constructor(readonly fault: Fault) {
    super();
  }

  override check(model: Readonly<OtpModel>): boolean {
    return model.faults.length < MAX_FAULTS && model.family !== 'authenticated';
  }

  protected apply(model: OtpModel, real: Real): number {
    real.server.fault(this.fault);
    model.faults.push(this.fault);
    return 0;
  }

  toString(): string {
    const { kind, ...rest } = this.fault;
    return `fault(${kind}${Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''})`;
  }
}
