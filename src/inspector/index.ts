import type { AnyActorRef, InspectionEvent } from 'xstate';
import { type LocalInspector, type LocalInspectorOptions, startLocalInspector } from './server.ts';

export { describeMachine, type StateNodeInfo, type TransitionInfo } from './definition.ts';
export {
  DIAGRAM_END,
  DIAGRAM_START,
  diagramMarkdown,
  diagramSection,
  stateDiagram,
  withDiagram,
} from './diagram.ts';
export { REDACTED, type RedactOptions, redact } from './redact.ts';
export type { InspectToLocalOptions } from './remote.ts';
export { inspectToLocal } from './remote-node.ts';
export { type LocalInspector, type LocalInspectorOptions, startLocalInspector } from './server.ts';

/**
 * Starts a local inspector and attaches it to an actor that is already running (through
 * `actor.system.inspect`): the page shows the actor's current state, then everything that follows.
 * `close()` detaches and stops the inspector.
 */
export async function attachLocalInspector(
  actor: AnyActorRef,
  options: LocalInspectorOptions = {},
): Promise<LocalInspector> {
  const inspector = await startLocalInspector(options);
  inspector.inspect({ type: '@xstate.actor', actorRef: actor, rootId: actor.sessionId });
  inspector.inspect({
    type: '@xstate.snapshot',
    actorRef: actor,
    rootId: actor.sessionId,
    snapshot: actor.getSnapshot(),
    event: { type: 'xstate.inspector.attached' },
  } as InspectionEvent);
  const subscription = actor.system.inspect(inspector.inspect);
  return {
    ...inspector,
    close: async () => {
      subscription.unsubscribe();
      await inspector.close();
    },
  };
}
