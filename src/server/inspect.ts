import type { InspectionEvent } from 'xstate';
import { redact } from '../inspector/redact.ts';

/** Where a step's inspection events go: the local inspector's `inspect`, or `inspectToLocal(url)`. */
export type FlowInspector = (event: InspectionEvent) => void;

const processName = (): string => {
  const pid = (globalThis as { process?: { pid?: unknown } }).process?.pid;
  return typeof pid === 'number' ? `pid ${pid}` : 'server';
};

/** The name of this instance in the inspector, when none is given: the process ID. */
export const defaultInstance = processName();

/**
 * An inspect callback for one step: each event is redacted here, tagged with the flow ID and the
 * instance, and handed to `sink`; whatever `sink` throws stays here.
 */
export function stepInspector(sink: FlowInspector, flowId: string, instance: string): FlowInspector {
  return (event) => {
    try {
      sink({ ...redact(event), flowId, instance } as unknown as InspectionEvent);
      // Stryker disable next-line BlockStatement: an emptied catch returns nothing too
    } catch {
      return;
    }
  };
}
