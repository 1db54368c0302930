export { OtpError } from '../machines/failures.ts';
export { otpMachine } from '../machines/otp.machine.ts';
export type {
  Channel,
  DescopeErrorFields,
  InvalidField,
  LoginOptions,
  Operation,
  OtpContext,
  OtpEvent,
  OtpFailure,
  OtpFailureKind,
  OtpInput,
  OtpSession,
  OtpSettings,
  OtpUser,
  ResendEvent,
  ResetEvent,
  SendCodeInput,
  SendCodeOutput,
  SendEvent,
  SignUpUser,
  SubmitCodeEvent,
  UpdateOptions,
  VerifyCodeInput,
} from '../machines/otp.types.ts';
export { SecretValue } from '../machines/secret.ts';
export type {
  ActionButtonProps,
  CodeInputAttributes,
  CodeInputProps,
  HtmlPropNames,
  OtpPropGetters,
  PropNames,
  PropNormalizer,
  ReactPropNames,
  Renamed,
  SubmitButtonProps,
  VuePropNames,
} from './connect/props.ts';
export {
  createNormalizer,
  normalizeDom,
  normalizeReact,
  normalizeSvelte,
  normalizeVue,
} from './connect/props.ts';
export type {
  ConnectOptions,
  OtpSnapshotLike,
  OtpStatus,
  OtpView,
  OtpViewData,
  OtpViewError,
} from './connect.ts';
export { connect } from './connect.ts';
export type { OtpInspector, OtpInspectorOptions, OtpInspectorRefusal, RedactOptions } from './inspect.ts';
export { createOtpInspector, OtpInspectorError, REDACTED, redact } from './inspect.ts';
export { type InspectToLocalOptions, inspectToLocal } from './inspector/remote.ts';
export { failureMessage } from './messages.ts';
export type {
  FlowActorLike,
  FlowRestoreReason,
  FlowSnapshotLike,
  PersistedFlow,
  PersistedFlowContext,
  PersistedFlowState,
} from './persist.ts';
export { FlowRestoreError, persistFlow, restoreFlow } from './persist.ts';
