import { connect, type OtpSnapshotLike } from '../index.ts';
import type { FlowView } from './types.ts';

const ignore = () => {};

/** `connect`'s view as plain JSON: its functions and the session left out. */
export function viewOf(snapshot: OtpSnapshotLike, now: number): FlowView {
  const { session, ...view } = connect(snapshot, ignore, now);
  return JSON.parse(JSON.stringify(view));
}
