export { OtpError } from '../machines/failures.ts';
export { otpStatechart } from '../machines/otp.machine.ts';
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
  OtpStatus,
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
  ConnectOptions,
  OtpSnapshotLike,
  OtpView,
  OtpViewData,
  OtpViewError,
} from './connect/index.ts';
export { connect } from './connect/index.ts';
export { failureMessage } from './connect/messages.ts';
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
export { REDACTED, type RedactOptions, redact } from './inspector/redact.ts';
export { type InspectToLocalOptions, inspectToLocal } from './inspector/remote.ts';
export {
  createOtpInspector,
  type OtpInspector,
  OtpInspectorError,
  type OtpInspectorOptions,
  type OtpInspectorRefusal,
} from './inspector/stately.ts';
export { otpMachine } from './machine.ts';
export type {
  FlowActorLike,
  FlowRestoreReason,
  FlowSnapshotLike,
  PersistedFlow,
  PersistedFlowContext,
  PersistedFlowState,
} from './persist/index.ts';
export { FlowRestoreError, persistFlow, restoreFlow } from './persist/index.ts';
