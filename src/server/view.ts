import { viewDataOf } from '../connect/connect.ts';
import type { OtpSnapshotLike } from '../index.ts';
import type { FlowView } from './types.ts';

/** `connect`'s view as plain data, built once: no functions, no session, nothing to copy. */
export const viewOf = (snapshot: OtpSnapshotLike, now: number): FlowView => viewDataOf(snapshot, now);
