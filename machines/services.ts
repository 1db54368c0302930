import { fromPromise } from 'xstate';
import type { OtpSession, SendCodeInput, SendCodeOutput, VerifyCodeInput } from './otp.types.ts';

const unprovided = <TOutput, TInput>(name: string) =>
  fromPromise<TOutput, TInput>(() => Promise.reject(new Error(`${name} not provided`)));

/** The actor slots the statechart invokes by name; `otpMachine` fills them with Descope's channel services. */
export const serviceSlots = {
  sendCode: unprovided<SendCodeOutput, SendCodeInput>('sendCode'),
  verifyCode: unprovided<OtpSession, VerifyCodeInput>('verifyCode'),
};
