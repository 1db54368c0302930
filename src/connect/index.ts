export { connect } from './connect.ts';
export type {
  ConnectOptions,
  OtpSnapshotLike,
  OtpStatus,
  OtpView,
  OtpViewData,
  OtpViewError,
} from './types.ts';
