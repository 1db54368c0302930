import { isRecord } from '../../machines/record.ts';
import type { StateNodeInfo } from './definition.ts';
import { maskLoginId } from './mask.ts';
import { redact } from './redact.ts';

/** A flow the inspector has seen: one root actor, or one server flow across its steps. */
export interface FlowInfo {
  id: string;
  /** The root actor's session ID, for example `x:0`. */
  session: string;
  /** The login ID, masked. */
  loginId?: string;
  /** The server flow's ID, for flows run by `createOtpFlows`. */
  serverFlow?: string;
}

export type PageMessage =
  | { kind: 'reset' }
  | { kind: 'machine'; machine: StateNodeInfo }
  | { kind: 'flow'; flow: FlowInfo }
  | { kind: 'inspection'; at: number; flow: string; instance?: string; event: unknown };

interface Tagged {
  type?: unknown;
  rootId?: unknown;
  actorRef?: { sessionId?: unknown; system?: unknown };
  snapshot?: { context?: { loginId?: unknown } };
  flowId?: unknown;
  instance?: unknown;
  [key: string]: unknown;
}

const tag = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;

/** Keeps what the page replays (flows and the latest events) and groups events into flows. */
export class Recorder {
  readonly #flows = new Map<string, FlowInfo>();
  readonly #current = new Map<string, string>();
  readonly #origins = new WeakMap<object, number>();
  readonly #history: PageMessage[] = [];
  #originCount = 0;
  #flowCount = 0;

  constructor(
    readonly limit: number,
    readonly maskLoginIds: boolean,
    readonly broadcast: (message: PageMessage) => void,
  ) {}

  replay(): PageMessage[] {
    return [...[...this.#flows.values()].map((flow) => ({ kind: 'flow' as const, flow })), ...this.#history];
  }

  #originOf(origin: object): number {
    let number = this.#origins.get(origin);
    if (number === undefined) {
      number = this.#origins.set(origin, ++this.#originCount).get(origin) as number;
    }
    return number;
  }

  #flowOf(event: Tagged, origin: object): FlowInfo {
    const serverFlow = tag(event.flowId, 200);
    const session = tag(event.rootId, 200) ?? '?';
    const key = serverFlow ? `server:${serverFlow}` : `${this.#originOf(origin)}:${session}`;
    const isRootActor = event.type === '@xstate.actor' && event.actorRef?.sessionId === event.rootId;
    let id = this.#current.get(key);
    if (id === undefined || (isRootActor && !serverFlow)) {
      id = `flow-${++this.#flowCount}`;
      this.#current.delete(key);
      this.#current.set(key, id);
      if (this.#current.size > this.limit) this.#current.delete(this.#current.keys().next().value as string);
      this.#add(serverFlow ? { id, session, serverFlow } : { id, session });
    }
    return this.#flows.get(id) as FlowInfo;
  }

  #add(flow: FlowInfo): void {
    this.#flows.set(flow.id, flow);
    if (this.#flows.size > this.limit) {
      const [oldest] = this.#flows.keys();
      this.#flows.delete(oldest as string);
    }
    this.broadcast({ kind: 'flow', flow });
  }

  #learnLoginId(flow: FlowInfo, event: Tagged): void {
    const loginId = event.snapshot?.context?.loginId;
    if (typeof loginId !== 'string' || loginId === '') return;
    const masked = maskLoginId(loginId);
    if (flow.loginId === masked) return;
    flow.loginId = masked;
    this.broadcast({ kind: 'flow', flow });
  }

  /** Redacts an inspection event and records it under its flow. */
  record(raw: unknown, origin: object): void {
    const system = isRecord(raw) ? (raw as Tagged).actorRef?.system : undefined;
    const { flowId, instance, ...event } = redact(raw, { maskLoginIds: this.maskLoginIds }) as Tagged;
    const flow = this.#flowOf({ ...event, flowId }, isRecord(system) ? system : origin);
    const isRoot = event.actorRef?.sessionId === event.rootId;
    if (event.type === '@xstate.snapshot' && isRoot) this.#learnLoginId(flow, event);
    const named = tag(instance, 100);
    const message: PageMessage = {
      kind: 'inspection',
      at: Date.now(),
      flow: flow.id,
      ...(named === undefined ? {} : { instance: named }),
      event,
    };
    this.#history.push(message);
    if (this.#history.length > this.limit) this.#history.shift();
    this.broadcast(message);
  }
}
