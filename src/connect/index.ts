export { connect } from './connect.ts';
export type {
  ConnectOptions,
  OtpSnapshotLike,
  OtpView,
  OtpViewData,
  OtpViewError,
} from './types.ts';
