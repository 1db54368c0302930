import { isRecord } from '../../machines/record.ts';
import { type OtpEvent, type OtpInput, restoreFlow } from '../index.ts';
import { abuseControls, type StepRequest } from './abuse.ts';
import { allowedChannelsOf, argumentProblem } from './arguments.ts';
import { type BindingHash, bindingOf, hashBinding, isBoundTo, withBindingHash } from './binding.ts';
import { isFlowId, randomId } from './ids.ts';
import { defaultInstance, stepInspector } from './inspect.ts';
import type { ServerFailureKind } from './kinds.ts';
import { memoryFlowStore } from './memory-store.ts';
import type { Outcome } from './step.ts';
import { nextTurn } from './turn.ts';
import type {
  FlowAcquisition,
  FlowFailure,
  FlowLease,
  FlowStep,
  OtpFlows,
  OtpFlowsOptions,
} from './types.ts';

const defaultRequestTimeoutMs = 15_000;
const defaultLeaseMarginMs = 5_000;

const isFiniteNumber = (value: unknown): value is number => Number.isFinite(value);
const positiveOr = (value: unknown, fallback: number) =>
  isFiniteNumber(value) && value > 0 ? value : fallback;
const nonNegativeOr = (value: unknown, fallback: number) =>
  isFiniteNumber(value) && value >= 0 ? value : fallback;

const refused = (flowId: string | null, kind: ServerFailureKind): FlowStep => ({
  flowId,
  status: null,
  error: { kind },
  view: null,
});

const invalid = (error: FlowFailure): FlowStep => ({ flowId: null, status: null, error, view: null });

const withRefreshJwt = (input: OtpInput, refreshJwt: unknown): OtpInput =>
  // Stryker disable next-line ConditionalExpression: the machine refuses a refresh JWT that is not a string as invalidInput too
  typeof refreshJwt === 'string' ? { ...input, refreshJwt } : input;

const fieldsOf = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

function definedFields(source: Record<string, unknown>, names: readonly string[]) {
  const fields: Record<string, unknown> = {};
  // Stryker disable next-line ConditionalExpression: a field given as undefined is read as one not given
  for (const name of names) if (source[name] !== undefined) fields[name] = source[name];
  return fields;
}

/** How ending a step's lease went; `committed` covers a lease freed with the entry left as it was. */
type Commit = { kind: 'committed' } | { kind: 'leaseLost' } | { kind: 'storeUnavailable' };

const committed: Commit = { kind: 'committed' };
const commitOf = (stored: boolean): Commit => (stored ? committed : { kind: 'leaseLost' });

function stepOf(flowId: string, outcome: Outcome, commit: Commit): FlowStep {
  const { status, error, view, session } = outcome;
  const step: FlowStep = { flowId, status, error, view };
  if (session) return { ...step, error: null, session };
  if (commit.kind === 'committed') return step;
  if (outcome.requested) return { ...step, error: { kind: 'notStored' } };
  return { ...step, error: { kind: commit.kind === 'storeUnavailable' ? 'storeUnavailable' : 'busy' } };
}

/**
 * Runs OTP flows on a server, one step per request, with the flow kept in `store` in between so that
 * any instance can take the next step. One step of a flow runs at a time across every instance: a step
 * takes the flow's lease before it makes any request, and a concurrent step resolves to `busy`.
 *
 * @example
 * const flows = createOtpFlows({ input: { projectId }, store: redisFlowStore(redis) });
 * const { flowId } = await flows.start({ loginId: 'ada@example.com' });
 * const step = await flows.submitCode(flowId, code); // step.session once authenticated
 */
export function createOtpFlows({
  input: given,
  store = memoryFlowStore(),
  leaseMarginMs = defaultLeaseMarginMs,
  inspect,
  instance = defaultInstance,
  channels,
  ...options
}: OtpFlowsOptions): OtpFlows {
  const input: OtpInput = { ...given };
  const allowed = allowedChannelsOf(input, channels);
  const abuse = abuseControls(options, store);
  const leaseMs = Math.ceil(
    positiveOr(input.requestTimeoutMs, defaultRequestTimeoutMs) +
      nonNegativeOr(leaseMarginMs, defaultLeaseMarginMs) +
      abuse.budgetMs,
  );

  async function commit(flowId: string, lease: FlowLease, outcome: Outcome): Promise<Commit> {
    try {
      const { stored } = outcome;
      if (stored.kind !== 'kept')
        return commitOf(await store.commit(flowId, lease, stored.kind === 'saved' ? stored.flow : null));
      await store.release(flowId, lease.token);
      return committed;
    } catch {
      store.release(flowId, lease.token).catch(() => {});
      return { kind: 'storeUnavailable' };
    }
  }

  // Stryker disable next-line ArrowFunction,BooleanLiteral: what a discard answers is never read
  const discard = (flowId: string, lease: FlowLease) => store.commit(flowId, lease, null).catch(() => false);

  async function run(
    flowId: string,
    lease: FlowLease,
    stepInput: OtpInput,
    event: OtpEvent,
    request: Partial<StepRequest>,
    // Stryker disable next-line ObjectLiteral,StringLiteral: the hash is read only for a lease of version 0, which only a start passes, with its hash
    hash: BindingHash = { kind: 'none' },
  ) {
    let outcome: Outcome;
    try {
      const snapshot = lease.version === 0 ? undefined : restoreFlow(lease.flow);
      const inspector = inspect ? stepInspector(inspect, flowId, instance) : undefined;
      const known = { ...request, flowId, flow: lease.flow };
      outcome = await abuse.step(stepInput, snapshot, event, known, inspector);
    } catch {
      await discard(flowId, lease);
      return refused(null, 'unknownFlow');
    }
    const kept = lease.version === 0 ? hash : bindingOf(lease.flow);
    if (outcome.stored.kind === 'saved')
      outcome = { ...outcome, stored: { kind: 'saved', flow: withBindingHash(outcome.stored.flow, kept) } };
    return stepOf(flowId, outcome, await commit(flowId, lease, outcome));
  }

  async function onLease(
    flowId: unknown,
    stepInput: OtpInput,
    event: OtpEvent,
    binding: unknown,
    request: Partial<StepRequest> = {},
  ): Promise<FlowStep> {
    const hash = await hashBinding(binding);
    if (!isFlowId(flowId) || hash.kind === 'invalid') return refused(null, 'unknownFlow');
    await nextTurn();
    const token = randomId();
    let acquired: FlowAcquisition;
    try {
      acquired = await store.acquire(flowId, token, leaseMs);
    } catch {
      store.release(flowId, token).catch(() => {});
      return refused(null, 'storeUnavailable');
    }
    if (acquired.kind === 'busy') return refused(null, 'busy');
    if (acquired.kind === 'missing') return refused(null, 'unknownFlow');
    const { lease } = acquired;
    if (lease.version === 0) {
      await discard(flowId, lease);
      return refused(null, 'unknownFlow');
    }
    if (!isBoundTo(lease.flow, hash)) {
      await store.release(flowId, token).catch(() => {});
      return refused(null, 'unknownFlow');
    }
    return run(flowId, lease, stepInput, event, request);
  }

  return {
    async start(options) {
      const fields = fieldsOf(options);
      const problem = argumentProblem(fields, ['loginId', 'channel', 'email', 'phone'], allowed);
      if (problem) return invalid(problem);
      const hash = await hashBinding(fields.binding);
      if (hash.kind === 'invalid') return invalid({ kind: 'invalidInput', field: 'binding' });
      await nextTurn();
      const flowId = randomId();
      const token = randomId();
      try {
        if (!(await store.create(flowId, token, leaseMs))) return refused(flowId, 'busy');
      } catch {
        void discard(flowId, { token, version: 0, flow: undefined });
        return refused(flowId, 'storeUnavailable');
      }
      const event = { type: 'SEND', ...definedFields(fields, ['loginId', 'channel', 'email', 'phone']) };
      return run(
        flowId,
        { token, version: 0, flow: undefined },
        withRefreshJwt(input, fields.refreshJwt),
        event as OtpEvent,
        definedFields(fields, ['clientIp', 'captchaToken']),
        hash,
      );
    },
    async resend(flowId, options) {
      const fields = fieldsOf(options);
      // Stryker disable next-line ArrayDeclaration,StringLiteral: a channel is checked against the allowed ones too, which refuses anything not a string
      const problem = argumentProblem(fields, ['channel'], allowed);
      if (problem) return invalid(problem);
      const event = { type: 'RESEND', ...definedFields(fields, ['channel']) } as OtpEvent;
      const request = definedFields(fields, ['clientIp', 'captchaToken']);
      return onLease(flowId, withRefreshJwt(input, fields.refreshJwt), event, fields.binding, request);
    },
    submitCode(flowId, code, options) {
      const fields = fieldsOf(options);
      const event: OtpEvent = { type: 'SUBMIT_CODE', code };
      return onLease(flowId, input, event, fields.binding, definedFields(fields, ['clientIp']));
    },
    cancel(flowId, options) {
      return onLease(flowId, input, { type: 'RESET' }, fieldsOf(options).binding);
    },
  };
}
