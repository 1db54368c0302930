import type { Snapshot } from 'xstate';
import { isChannel, isPhoneChannel, isUpdateOperation } from '../../machines/concepts.ts';
import type { Channel, OtpContext, OtpEvent, OtpInput } from '../index.ts';
import { countryCheck, countryOf, normalizePhone } from './countries.ts';
import { humanTimeoutMs, limitsTimeoutMs, within } from './deadline.ts';
import {
  attemptsLearner,
  type Decoy,
  decoyOf,
  decoyServices,
  disguise,
  hiddenReason,
  latencyLearner,
  maskOf,
  nextDecoy,
} from './enumeration.ts';
import { eventSink, type OtpFlowEvent } from './events.ts';
import { memoryLimiter } from './limiters.ts';
import { type Charge, type ChargeResult, createLimits } from './limits.ts';
import { type Outcome, runStep, type StepHooks } from './step.ts';
import type { FlowFailure, FlowStore, OtpFlowsOptions } from './types.ts';

/** What a step knows of its request, beside its event. */
export interface StepRequest {
  flowId: string;
  flow?: unknown;
  clientIp?: unknown;
  captchaToken?: unknown;
}

interface Target {
  channel: Channel;
  loginId: string;
  destination: string | undefined;
  isPhone: boolean;
}

const textOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function targetOf(context: OtpContext, event: OtpEvent): Target {
  const operation = context.settings.operation;
  const isSend = event.type === 'SEND';
  const asked: unknown = (event as { channel?: unknown }).channel;
  const channel = isChannel(asked) ? asked : context.channel;
  const loginId: unknown = isSend ? event.loginId : context.loginId;
  const address: unknown = isSend
    ? operation === 'updateEmail'
      ? event.email
      : event.phone
    : (context.newAddress ?? undefined);
  const isPhone = operation === 'updatePhone' || (operation !== 'updateEmail' && isPhoneChannel(channel));
  const raw = isUpdateOperation(operation) ? address : loginId;
  const target = { channel, loginId: textOf(loginId) ?? '', isPhone };
  if (typeof raw !== 'string') return { ...target, destination: undefined };
  return { ...target, destination: (isPhone ? normalizePhone(raw) : raw.trim().toLowerCase()) || raw };
}

const refundable = (event: OtpEvent, error: FlowFailure | null) =>
  event.type === 'SUBMIT_CODE'
    ? error?.kind !== 'wrongCode' && error?.kind !== 'tooManyAttempts'
    : error?.kind === 'invalidInput';

/**
 * The checks around each step of `createOtpFlows`: countries, the bot check and the limits before a send,
 * the wrong-code limit before a verify, decoys for `hideUserExistence`, and `onEvent` after each step.
 * `budgetMs` is the most the checks may add to a step, for its lease.
 */
export function abuseControls(options: Omit<OtpFlowsOptions, 'input'>, store: FlowStore) {
  const limits = createLimits(options.limits, store.limiter?.bind(store) ?? memoryLimiter());
  const isAllowed = countryCheck(options.allowedCountries);
  const emit = eventSink(options.onEvent);
  const hiding = options.hideUserExistence === true;
  const attempts = attemptsLearner();
  const latency = latencyLearner();
  const { verifyHuman } = options;

  async function humanRefusal(target: Target, request: StepRequest): Promise<FlowFailure | null> {
    if (!verifyHuman) return null;
    const check = {
      token: textOf(request.captchaToken),
      clientIp: textOf(request.clientIp),
      loginId: target.loginId,
      channel: target.channel,
    };
    try {
      if ((await within(Promise.resolve(verifyHuman(check)), humanTimeoutMs)) === true) return null;
    } catch {}
    return { kind: 'botCheckFailed' };
  }

  function report(event: OtpEvent, outcome: Outcome, target: Target, request: StepRequest, hidden?: string) {
    if (event.type === 'RESET') return;
    const countryCode =
      target.isPhone && target.destination !== undefined ? countryOf(target.destination) : undefined;
    const clientIp = textOf(request.clientIp);
    const base: OtpFlowEvent = { type: 'sent', flowId: request.flowId, channel: target.channel };
    if (countryCode) base.countryCode = countryCode;
    if (clientIp) base.clientIp = clientIp;
    const { error } = outcome;
    const failed = error && ((error as { limit?: string }).limit ?? error.kind);
    const reason = event.type === 'SUBMIT_CODE' ? failed : (hidden ?? failed);
    if (event.type === 'SUBMIT_CODE') {
      if (outcome.session) emit({ ...base, type: 'verified' });
      else if (reason) emit({ ...base, type: 'verifyFailed', reason });
    } else emit(reason ? { ...base, type: 'refused', reason } : base);
  }

  const withDecoy = (outcome: Outcome, decoy: Decoy): Outcome =>
    outcome.stored.kind === 'saved'
      ? { ...outcome, stored: { kind: 'saved', flow: Object.assign({}, outcome.stored.flow, { decoy }) } }
      : outcome;

  const budgetMs = (limits.isOn ? limitsTimeoutMs : 0) + (verifyHuman ? humanTimeoutMs : 0);

  async function guardedStep(
    input: OtpInput,
    snapshot: Snapshot<unknown> | undefined,
    event: OtpEvent,
    request: StepRequest,
    inspect?: StepHooks['inspect'],
  ): Promise<Outcome> {
    const decoy = hiding ? decoyOf(request.flow) : undefined;
    let target: Target | undefined;
    let charge: Charge | undefined;
    const take = (result: ChargeResult) => {
      if (result.kind === 'refused') return result.refusal;
      charge = result.charge;
      return null;
    };
    const before = async (context: OtpContext): Promise<FlowFailure | null> => {
      target = targetOf(context, event);
      if (event.type === 'RESET' || target.destination === undefined) return null;
      if (event.type === 'SUBMIT_CODE') return take(await limits.verify(target.destination));
      if (target.isPhone && !isAllowed(target.destination)) return { kind: 'destinationNotAllowed' };
      const refusal = await humanRefusal(target, request);
      if (refusal) return refusal;
      return take(await limits.send(target.destination, textOf(request.clientIp)));
    };
    const services = decoy && decoyServices(decoy, latency.delays());
    const startedAt = Date.now();
    let outcome = await runStep(input, snapshot, event, { before, services, inspect });
    if (charge && refundable(event, outcome.error)) void charge.refund();
    let hidden = decoy?.reason;
    const reason =
      hiding && event.type !== 'SUBMIT_CODE' ? hiddenReason(input.operation, outcome.error) : undefined;
    if (reason) {
      hidden = reason;
      const fresh: Decoy = { reason, attempts: attempts.get(), wrong: 0 };
      const delays = latency.delays(Date.now() - startedAt);
      outcome = withDecoy(
        await runStep(input, snapshot, event, { services: decoyServices(fresh, delays), inspect }),
        fresh,
      );
    } else if (decoy) outcome = withDecoy(outcome, nextDecoy(decoy, event.type, outcome.error));
    else {
      latency.learn(event.type, outcome, Date.now() - startedAt);
      if (event.type !== 'SUBMIT_CODE') attempts.learn(outcome);
    }
    if (hiding)
      outcome = disguise(outcome, target?.destination && maskOf(target.destination, target.isPhone));
    if (target) report(event, outcome, target, request, hidden);
    return outcome;
  }

  return { step: guardedStep, budgetMs };
}
