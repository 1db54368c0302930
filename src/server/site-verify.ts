import { isRecord } from '../../machines/record.ts';
/** What `verifyHuman` is asked before each send (`start` and `resend`). */
export interface HumanCheck {
  /** The body's `captchaToken` (the widget's answer); undefined when the client sent none. */
  token: string | undefined;
  /** The client's IP, when the step was given one. */
  clientIp: string | undefined;
  /** The flow's login ID. */
  loginId: string;
  /** The channel the code would go over. */
  channel: string;
}

/** Options of `siteVerify`. */
export interface SiteVerifyOptions {
  /** The secret key of the widget's site. Sent only to `url`. */
  secret: string;
  /**
   * The siteverify endpoint: Cloudflare Turnstile's `https://challenges.cloudflare.com/turnstile/v0/siteverify`,
   * hCaptcha's `https://api.hcaptcha.com/siteverify` or reCAPTCHA's `https://www.google.com/recaptcha/api/siteverify`.
   */
  url: string;
  /** How long to wait for the answer before refusing, in milliseconds. @default 5000 */
  timeoutMs?: number;
  /** Also send the client's IP as `remoteip` when the step has one. @default true */
  sendRemoteIp?: boolean;
}

const maxTokenLength = 4096;

/**
 * A `verifyHuman` for the siteverify protocol that Turnstile, hCaptcha and reCAPTCHA share: it POSTs the form
 * `secret`, `response` (the token) and `remoteip` to `url` and passes only a JSON answer with `success: true`.
 * A missing or oversized token is refused without a request; a timeout, a network failure, another status or
 * an answer that is not such JSON refuses too.
 *
 * @example
 * createOtpFlows({ input, verifyHuman: siteVerify({ secret: process.env.TURNSTILE_SECRET!, url: turnstileUrl }) });
 */
export function siteVerify({
  secret,
  url,
  timeoutMs = 5_000,
  sendRemoteIp = true,
}: SiteVerifyOptions): (check: HumanCheck) => Promise<boolean> {
  if (typeof secret !== 'string' || secret === '') throw new TypeError('siteVerify needs a secret');
  const endpoint = new URL(url).href;
  return async ({ token, clientIp }) => {
    if (typeof token !== 'string' || token === '' || token.length > maxTokenLength) return false;
    const form = new URLSearchParams({ secret, response: token });
    if (sendRemoteIp && typeof clientIp === 'string' && clientIp !== '') form.set('remoteip', clientIp);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      if (!response.ok) return false;
      const answer: unknown = await response.json();
      return isRecord(answer) && answer.success === true;
    } catch {
      return false;
    }
  };
}
