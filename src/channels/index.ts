import { fromPromise } from 'xstate';
import { OtpError } from '../../machines/failures.ts';
import type {
  Channel,
  OtpSession,
  OtpUser,
  SendCodeInput,
  SendCodeOutput,
  VerifyCodeInput,
} from '../../machines/otp.types.ts';
import { isRecord } from '../../machines/record.ts';
import { isChannel } from '../../machines/validate.ts';
import { withTyped } from '../descope/classify.ts';
import { type DescopeRequest, postDescope } from '../descope/client.ts';
import { sendRequest } from './requests.ts';
import { maskedFieldOf, otpPath } from './table.ts';

function checkChannel(channel: Channel): Channel {
  if (!isChannel(channel)) throw new OtpError({ kind: 'invalidInput', field: 'channel' });
  return channel;
}

type Fields = Record<string, unknown>;

const sessionTypes = {
  refreshJwt: 'string',
  sessionExpiration: 'number',
  nextRefreshSeconds: 'number',
  claims: 'object',
} as const;

function toSession(json: Fields): OtpSession {
  const { sessionJwt, user } = json;
  if (typeof sessionJwt !== 'string' || sessionJwt === '')
    throw new OtpError({ kind: 'server', status: 200 });
  return withTyped(json, sessionTypes, {
    sessionJwt,
    firstSeen: json.firstSeen === true,
    user: isRecord(user) ? (user as OtpUser) : {},
  });
}

/**
 * What a service request is given: the actor's input, a signal that aborts it (the actor stopped), and the
 * ofetch instance it goes out with (`descopeApi` unless given).
 */
export interface ServiceCall<TInput> extends Pick<DescopeRequest, 'signal' | 'api'> {
  input: TInput;
}

/** Sends a code over the input's channel for the input's operation: exactly one request. */
export async function requestSendCode({
  input,
  ...request
}: ServiceCall<SendCodeInput>): Promise<SendCodeOutput> {
  const { path, body, token } = sendRequest({ ...input, channel: checkChannel(input.channel) });
  const json = await postDescope({ ...request, settings: input.settings, path, body, token });
  const masked = json[maskedFieldOf(input.channel)];
  const output: SendCodeOutput = typeof masked === 'string' ? { maskedDestination: masked } : {};
  return withTyped(json, { verificationAttempts: 'number' }, output);
}

/** Verifies a code over the channel the current code went to: exactly one request. */
export async function requestVerifyCode({
  input,
  ...request
}: ServiceCall<VerifyCodeInput>): Promise<OtpSession> {
  const json = await postDescope({
    ...request,
    settings: input.settings,
    path: otpPath('verify', checkChannel(input.channel)),
    body: { code: input.code, loginId: input.loginId },
  });
  return toSession(json);
}

/** The `sendCode` actor: `requestSendCode`, aborted when the flow stops or moves on. */
export const sendCode = fromPromise(requestSendCode);

/** The `verifyCode` actor: `requestVerifyCode`, aborted when the flow stops or moves on. */
export const verifyCode = fromPromise(requestVerifyCode);
