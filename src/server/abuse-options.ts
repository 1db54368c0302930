import type { OtpFlowEvent } from './events.ts';
import type { OtpLimits } from './limits.ts';
import type { HumanCheck } from './site-verify.ts';

/** The abuse controls of `createOtpFlows`: every one is checked before a request to Descope. */
export interface OtpAbuseOptions {
  /**
   * How many codes may be sent and wrong codes submitted, counted in the store's `limiter` (shared by every
   * instance on the same store). Over a limit a step answers `rateLimited` with `limit` and sends nothing.
   * `false` turns every limit off.
   * @default { perDestination: 5/hour, perClientIp: 30/10 min, global: off, failedVerifiesPerDestination: 10/hour }
   */
  limits?: OtpLimits | false;
  /**
   * The countries (ISO 3166-1 alpha-2, such as `['US', 'CA']`) phone destinations may be in: the login ID of a
   * phone channel and `updatePhone`'s new phone, in international form. Others answer `destinationNotAllowed`.
   * @default every country
   */
  allowedCountries?: readonly string[];
  /**
   * A bot check before each send (`start` and `resend`), such as `siteVerify(...)`. Anything but `true`, or a
   * throw, answers `botCheckFailed` and sends nothing.
   * @default none
   */
  verifyHuman?: (check: HumanCheck) => boolean | Promise<boolean>;
  /**
   * Answer a sign-in of an unknown user and a sign-up of a known one exactly as a successful send (a decoy flow
   * that sends nothing and never signs in), so that the answers do not tell who has an account.
   * @default false
   */
  hideUserExistence?: boolean;
  /** Called after each send and verify step, for metrics and alerts; what it throws is ignored. @default none */
  onEvent?: (event: OtpFlowEvent) => unknown;
}
