import type { InspectionEvent } from 'xstate';
import type { Channel, Operation, OtpFailure } from '../../machines/otp.types.ts';
import type { OtpView } from '../connect/index.ts';
import type { CliOptions } from './args.ts';
import type { Backend } from './backend.ts';
import { type Flow, flowInput, startFlow } from './flow.ts';
import {
  channelMenu,
  channelPrompt,
  channelsFor,
  demoAddresses,
  keysHint,
  operationMenu,
  operationPrompt,
  pickChannel,
  pickOperation,
  promptFor,
  signedInPrompt,
} from './prompts.ts';
import { sessionLines } from './render.ts';
import type { Terminal } from './terminal.ts';

const resendKeys = new Map<string, Channel | undefined>([
  ['r', undefined],
  ['v', 'voice'],
  ['s', 'sms'],
]);
const quitKeys = new Set(['q', 'quit', 'exit']);
const editKeys = new Set(['e', 'edit']);
const addressKeyOf = (operation: Operation) =>
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

/**
 * The questions and answers of one interactive sign-in. Before the flow starts it asks for the
 * operation and channel; from then on every prompt comes from the flow's view, and whatever the user
 * types goes to the machine as it is: the machine refuses bad input, and the view shows why.
 */
export class Conversation {
  readonly #host: ConversationHost;
  readonly #options: CliOptions;
  #operation: Operation | undefined;
  #channel: Channel | undefined;
  #flow: Flow | undefined;
  #typedLoginId: string | null = null;
  #hinted = false;
  #signIn: 'asked' | 'pending' | null = null;

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
    if (this.#flow?.view().status === 'awaitingCode') this.#render();
  }

  /** Stops the machine (aborting a request in flight). */
  stop(): void {
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
      this.#render();
      return;
    }
    const allowed = channelsFor(operation);
    if (!this.#channel && allowed.length > 1) {
      for (const line of channelMenu(operation)) this.#print(line);
      this.#render();
      return;
    }
    if (!this.#channel) this.#print(`Channel: ${allowed[0]} (the only one for ${operation})`);
    this.#channel ??= allowed[0]!;
    if (!this.#needsOfflineSession(operation)) this.#startFlow(operation, this.#channel);
    else if (this.#options.loginId) void this.#signInOffline(this.#options.loginId);
    else {
      this.#signIn = 'asked';
      this.#render();
    }
  }

  #needsOfflineSession(operation: Operation): boolean {
    return addressKeyOf(operation) !== null && !this.#options.refreshJwt && !!this.#host.backend.server;
  }

  #signedInFallback(): string {
    return this.#channel === 'email' ? demoAddresses.email : demoAddresses.phone;
  }

  async #signInOffline(loginId: string): Promise<void> {
    this.#signIn = 'pending';
    this.#host.terminal.hide();
    try {
      const { refreshJwt } = await this.#host.backend.server!.issueSession(loginId);
      this.#print(
        `· Signed in as ${loginId} on the test server, which issued the session this update needs.`,
      );
      this.#signIn = null;
      this.#startFlow(this.#operation!, this.#channel!, { loginId, refreshJwt });
    } catch (error) {
      this.#host.finish(1, `✖ The test server could not sign in ${loginId}: ${String(error)}`);
    }
  }

  #startFlow(
    operation: Operation,
    channel: Channel,
    session?: { loginId: string; refreshJwt: string },
  ): void {
    const choice = {
      ...this.#options,
      operation,
      channel,
      refreshJwt: session?.refreshJwt ?? this.#options.refreshJwt,
    };
    const flow = startFlow(flowInput(this.#host.backend, choice), {
      print: (line) => this.#print(line),
      onChange: () => this.#sync(),
      inspect: this.#host.inspect,
    });
    const problem = flow.view().error;
    if (problem) {
      flow.stop();
      this.#refuseSettings(problem);
      return;
    }
    this.#flow = flow;
    this.#sendFromFlags(flow.view(), session?.loginId);
    this.#render();
  }

  #refuseSettings(problem: OtpFailure): void {
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

  #sendFromFlags(view: OtpView, signedIn: string | undefined): void {
    const loginId = signedIn ?? this.#options.loginId;
    if (!loginId) return;
    const key = addressKeyOf(view.operation);
    const address = key ? this.#options[key] : undefined;
    if (key && address === undefined) this.#typedLoginId = loginId;
    else this.#send(view, loginId, address);
  }

  #sync(): void {
    const view = this.#flow?.view();
    if (!view) return;
    if (view.session) {
      this.#host.terminal.hide();
      for (const line of sessionLines(view.session, this.#options.showTokens)) this.#print(line);
      this.#host.finish(0);
      return;
    }
    if (view.status === 'awaitingCode' && !this.#hinted) {
      this.#hinted = true;
      this.#print(keysHint(view.channel));
    }
    this.#render();
  }

  #defaultLoginId(view: OtpView): string | undefined {
    if (view.loginId || !this.#host.backend.server) return view.loginId || undefined;
    return view.channel === 'email' ? demoAddresses.email : demoAddresses.phone;
  }

  #render(): void {
    const view = this.#flow?.view();
    const prompt = view
      ? promptFor(view, {
          defaultLoginId: this.#defaultLoginId(view),
          addressAsked: this.#typedLoginId !== null,
        })
      : this.#signIn === 'pending'
        ? null
        : this.#signIn === 'asked'
          ? signedInPrompt(this.#signedInFallback())
          : this.#operation
            ? channelPrompt(this.#operation)
            : operationPrompt;
    if (prompt === null) this.#host.terminal.hide();
    else this.#host.terminal.ask(prompt);
  }

  /** Handles one line the user typed. */
  onLine(line: string): void {
    this.#host.terminal.hide();
    const text = line.trim();
    const command = text.toLowerCase();
    const view = this.#flow?.view();
    if (quitKeys.has(command)) {
      this.#host.finish(this.quitStatus(), 'Quit.');
      return;
    }
    if (!view) this.#choose(text);
    else if (editKeys.has(command) && view.status !== 'idle') view.reset();
    else if (editKeys.has(command) && this.#typedLoginId !== null) this.#typedLoginId = null;
    else if (view.status === 'idle') this.#enter(view, text);
    else if (view.status === 'awaitingCode') this.#onCode(view, text, command);
    else if (view.status === 'failed') this.#print('· Type e to start again, or q to quit.');
    else this.#print('· Still waiting for the server (q quits).');
    this.#render();
  }

  #choose(text: string): void {
    if (this.#signIn === 'pending') return;
    if (this.#signIn === 'asked') {
      void this.#signInOffline(text || this.#signedInFallback());
      return;
    }
    if (!this.#operation) {
      this.#operation = pickOperation(text);
      if (this.#operation) this.#advance();
      else this.#print('✖ Choose a number from 1 to 5, or an operation name.');
      return;
    }
    this.#channel = pickChannel(this.#operation, text);
    if (this.#channel) this.#advance();
    else
      this.#print(`✖ Choose a number from 1 to ${channelsFor(this.#operation).length}, or a channel name.`);
  }

  #enter(view: OtpView, text: string): void {
    if (this.#typedLoginId !== null) {
      if (text) this.#send(view, this.#typedLoginId, text);
      return;
    }
    const loginId = text || this.#defaultLoginId(view);
    if (!loginId) return;
    if (addressKeyOf(view.operation)) this.#typedLoginId = loginId;
    else this.#send(view, loginId);
  }

  #send(view: OtpView, loginId: string, address?: string): void {
    this.#typedLoginId = null;
    if (!view.canSend) {
      this.#print(`✖ Too soon: you can ask for a code again in ${Math.max(1, view.resendInSeconds)}s.`);
      return;
    }
    const key = addressKeyOf(view.operation);
    view.send(loginId, key ? { [key]: address } : undefined);
  }

  #onCode(view: OtpView, text: string, command: string): void {
    if (command === '') return;
    if (!resendKeys.has(command)) view.submitCode(text);
    else if (view.canResend) view.resend(resendKeys.get(command));
    else this.#print(`✖ You can ask for a new code in ${view.resendInSeconds}s.`);
  }
}
