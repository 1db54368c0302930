import { connect, type OtpSnapshotLike } from '../index.ts';
import type { FlowView } from './types.ts';

const ignore = () => {};

/** `connect`'s view as plain data: its functions and the session left out, nothing copied. */
export function viewOf(snapshot: OtpSnapshotLike, now: number): FlowView {
  const { session, send, submitCode, resend, reset, ...view } = connect(snapshot, ignore, now);
  return view;
}
