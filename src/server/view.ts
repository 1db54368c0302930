import { connect, type OtpSnapshotLike } from '../index.ts';
import type { FlowView } from './types.ts';

const ignore = () => {};

export function viewOf(snapshot: OtpSnapshotLike, now: number): FlowView {
  const view = connect(snapshot, ignore, now) as unknown as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(view)) {
    if (key === 'session') continue;
    const value = view[key];
    if (typeof value === 'function' || value === undefined) continue;
    data[key] = JSON.parse(JSON.stringify(value));
  }
  return data as unknown as FlowView;
}
