import type { InspectionEvent } from 'xstate';
import { createContext } from '../../machines/context.ts';
import type { Channel, Operation, OtpFailure, OtpSession } from '../../machines/otp.types.ts';
import { normalizeCode } from '../../machines/validate.ts';
import type { CliOptions } from './args.ts';
import type { Backend } from './backend.ts';
import { type Flow, flowInput, startFlow } from './flow.ts';
import {
  channelsFor,
  demoAddresses,
  keysHint,
  operationMenu,
  pickChannel,
  pickOperation,
  promptFor,
  type Step,
} from './prompts.ts';
import { errorLine, pathOf, sessionLines } from './render.ts';
import type { Terminal } from './terminal.ts';

const resendKeys = new Map<string, Channel | undefined>([
  ['r', undefined],
  ['v', 'voice'],
  ['s', 'sms'],
]);
const quitKeys = new Set(['q', 'quit', 'exit']);
const editKeys = new Set(['e', 'edit']);
const addressKeyOf = (operation: Operation | undefined) =>
  operation === 'updateEmail' ? 'email' : operation === 'updatePhone' ? 'phone' : null;

/** What the conversation needs from the program around it. */
export interface ConversationHost {
  options: CliOptions;
  backend: Backend;
  terminal: Terminal;
  inspect?: (event: InspectionEvent) => void;
  /** Ends the program: the host stops everything, then exits with `status`. */
  finish(status: number, message?: string): void;
}

/** The questions and answers of one interactive sign-in, driven by the OTP machine. */
export class Conversation {
  readonly #host: ConversationHost;
  readonly #options: CliOptions;
  #flow: Flow | undefined;
  #step: Step = 'busy';
  #operation: Operation | undefined;
  #channel: Channel | undefined;
  #loginId: string | undefined;
  #flagsUsed = false;
  #starting = false;
  #hinted = false;
  #stopped = false;

  constructor(host: ConversationHost) {
    this.#host = host;
    this.#options = host.options;
    this.#operation = host.options.operation;
    this.#channel = host.options.channel;
  }

  start(): void {
    this.#advance();
  }

  /** Called once a second: refreshes the countdown in the prompt. */
  tick(): void {
    if (this.#step === 'code') this.#render();
  }

  /** Stops the machine (aborting a request in flight) and ignores further input. */
  stop(): void {
    this.#stopped = true;
    this.#flow?.stop();
  }

  /** The exit status for a quit now: 1 after a failure, else 0. */
  quitStatus(): number {
    return this.#flow?.view().status === 'failed' ? 1 : 0;
  }

  #print(line: string): void {
    this.#host.terminal.print(line);
  }

  #advance(): void {
    const operation = this.#operation;
    if (!operation) {
      for (const line of operationMenu()) this.#print(line);
      this.#goTo('operation');
      return;
    }
    const allowed = channelsFor(operation);
    if (!this.#channel && allowed.length > 1) {
      this.#goTo('channel');
      return;
    }
    if (!this.#channel) this.#print(`Channel: ${allowed[0]} (the only one for ${operation})`);
    this.#channel ??= allowed[0]!;
    this.#startFlow(operation, this.#channel);
  }

  #startFlow(operation: Operation, channel: Channel): void {
    const input = flowInput(this.#host.backend, { ...this.#options, operation, channel });
    const problem = createContext(input).error;
    if (problem) {
      this.#refuseSettings(problem);
      return;
    }
    this.#starting = true;
    this.#flow = startFlow(input, {
      print: (line) => this.#print(line),
      onChange: () => this.#sync(),
      inspect: this.#host.inspect,
    });
    this.#starting = false;
    if (!this.#sendFromFlags()) this.#sync();
  }

  #refuseSettings(problem: OtpFailure): void {
    this.#print(errorLine(problem));
    const field = problem.kind === 'invalidInput' ? problem.field : null;
    if (field === 'refreshJwt') {
      this.#print('  Updates need a signed-in user: pass --refresh-jwt or set DESCOPE_REFRESH_JWT.');
    }
    if (this.#options.operation || (field !== 'refreshJwt' && field !== 'channel')) {
      this.#host.finish(2);
      return;
    }
    this.#operation = undefined;
    this.#channel = this.#options.channel;
    this.#advance();
  }

  #sendFromFlags(): boolean {
    const { loginId } = this.#options;
    if (this.#flagsUsed || !loginId) return false;
    this.#flagsUsed = true;
    this.#loginId = loginId;
    const key = addressKeyOf(this.#operation);
    const address = key ? this.#options[key] : '';
    if (address === undefined) this.#goTo('address');
    else this.#send(address);
    return true;
  }

  #sync(): void {
    if (this.#stopped || !this.#flow) return;
    const view = this.#flow.view();
    if (view.status === 'authenticated') {
      this.#authenticated(this.#flow.actor.getSnapshot().output as OtpSession);
      return;
    }
    if (view.status === 'awaitingCode' && this.#step !== 'code' && !this.#hinted) {
      this.#hinted = true;
      this.#print(keysHint(view.channel));
    }
    const keepAsking = this.#step === 'loginId' || this.#step === 'address';
    const steps: Record<string, Step> = {
      idle: keepAsking ? this.#step : 'loginId',
      awaitingCode: 'code',
      failed: 'failed',
    };
    this.#goTo(steps[view.status] ?? 'busy');
  }

  #goTo(step: Step): void {
    this.#step = step;
    this.#render();
  }

  #defaultLoginId(): string | undefined {
    const previous = this.#flow?.view().loginId;
    if (previous || !this.#host.backend.server) return previous || undefined;
    return this.#channel === 'email' ? demoAddresses.email : demoAddresses.phone;
  }

  #render(): void {
    if (this.#stopped || this.#starting) return;
    const prompt = promptFor(this.#step, {
      operation: this.#operation!,
      channel: this.#channel!,
      defaultLoginId: this.#defaultLoginId(),
      view: this.#flow?.view(),
      expired: this.#isExpired(),
    });
    if (prompt === null) this.#host.terminal.hide();
    else this.#host.terminal.ask(prompt);
  }

  #isExpired(): boolean {
    return pathOf(this.#flow?.actor.getSnapshot().value ?? 'idle') === 'awaitingCode.expired';
  }

  /** Handles one line the user typed. */
  onLine(line: string): void {
    this.#host.terminal.hide();
    const text = line.trim();
    const command = text.toLowerCase();
    if (quitKeys.has(command)) this.#host.finish(this.quitStatus(), 'Quit.');
    else if (editKeys.has(command) && this.#flow && this.#step !== 'loginId') this.#reset();
    else if (this.#step === 'operation') this.#chooseOperation(text);
    else if (this.#step === 'channel') this.#chooseChannel(text);
    else if (this.#step === 'loginId') this.#enterLoginId(text);
    else if (this.#step === 'address' && text) this.#send(text);
    else if (this.#step === 'code') this.#onCode(text, command);
    else if (this.#step === 'failed') this.#print('· Type e to start again, or q to quit.');
    else if (this.#step === 'busy') this.#print('· Still waiting for the server (q quits).');
    this.#render();
  }

  #chooseOperation(text: string): void {
    this.#operation = pickOperation(text);
    if (this.#operation) this.#advance();
    else this.#print('✖ Choose a number from 1 to 5, or an operation name.');
  }

  #chooseChannel(text: string): void {
    const operation = this.#operation!;
    this.#channel = pickChannel(operation, text);
    if (this.#channel) this.#advance();
    else this.#print(`✖ Choose one of: ${channelsFor(operation).join(', ')}.`);
  }

  #enterLoginId(text: string): void {
    this.#loginId = text || this.#defaultLoginId();
    if (!this.#loginId) return;
    if (addressKeyOf(this.#operation)) this.#goTo('address');
    else this.#send('');
  }

  #send(address: string): void {
    const flow = this.#flow!;
    const key = addressKeyOf(this.#operation);
    const extra = key ? { [key]: address } : {};
    const snapshot = flow.actor.getSnapshot();
    if (!snapshot.can({ type: 'SEND', loginId: this.#loginId!, ...extra })) {
      this.#print(
        `✖ Too soon: you can ask for a code again in ${Math.max(1, flow.view().resendInSeconds)}s.`,
      );
      this.#goTo('loginId');
      return;
    }
    this.#step = 'busy';
    this.#host.terminal.hide();
    flow.view().send(this.#loginId!, extra);
  }

  #onCode(text: string, command: string): void {
    const view = this.#flow!.view();
    if (command === '') return;
    if (resendKeys.has(command)) {
      if (!view.canResend) this.#print(`✖ You can ask for a new code in ${view.resendInSeconds}s.`);
      else {
        this.#step = 'busy';
        view.resend(resendKeys.get(command));
      }
      return;
    }
    const codeLength = this.#flow!.actor.getSnapshot().context.settings.codeLength;
    const problem: OtpFailure | null = this.#isExpired()
      ? { kind: 'codeExpired' }
      : normalizeCode(text, codeLength) === null
        ? { kind: 'invalidInput', field: 'code' }
        : null;
    if (problem) this.#print(errorLine(problem));
    else {
      this.#step = 'busy';
      view.submitCode(text);
    }
  }

  #reset(): void {
    this.#step = 'busy';
    this.#flow!.view().reset();
  }

  #authenticated(session: OtpSession): void {
    this.#host.terminal.hide();
    for (const line of sessionLines(session, this.#options.showTokens)) this.#print(line);
    this.#host.finish(0);
  }
}
