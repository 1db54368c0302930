export { REDACTED, type RedactOptions, redact } from './inspector/redact.ts';
export {
  createOtpInspector,
  type OtpInspector,
  OtpInspectorError,
  type OtpInspectorOptions,
  type OtpInspectorRefusal,
} from './inspector/stately.ts';
