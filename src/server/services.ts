import { fromPromise } from 'xstate';
import { requestSendCode, requestVerifyCode, type ServiceCall } from '../channels/index.ts';
import { descopeApi } from '../descope/client.ts';
import {
  type OtpSession,
  type otpMachine,
  otpStatechart,
  type SendCodeInput,
  type SendCodeOutput,
  type VerifyCodeInput,
} from '../index.ts';
import { serverFetch } from './transport.ts';

/** The requests a step makes for the statechart's `sendCode` and `verifyCode` slots. */
export interface StepServices {
  sendCode(call: ServiceCall<SendCodeInput>): Promise<SendCodeOutput>;
  verifyCode(call: ServiceCall<VerifyCodeInput>): Promise<OtpSession>;
}

/** The HTTP layer's ofetch setup with `serverFetch` as its `fetch`: what a server step's requests go out with. */
export const serverApi = descopeApi.create({}, { fetch: serverFetch });

/** Descope's own requests, as `otpMachine` makes them, sent with `serverFetch`. */
export const descopeServices: StepServices = {
  sendCode: (call) => requestSendCode({ ...call, api: serverApi }),
  verifyCode: (call) => requestVerifyCode({ ...call, api: serverApi }),
};

/** The statechart with `services` in its slots. */
export const machineWith = (services: StepServices): typeof otpMachine =>
  otpStatechart.provide({
    actors: { sendCode: fromPromise(services.sendCode), verifyCode: fromPromise(services.verifyCode) },
  });
