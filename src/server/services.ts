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

const machines = new WeakMap<StepServices, typeof otpMachine>();

/** The statechart with `services` in its slots. */
export function machineWith(services: StepServices): typeof otpMachine {
  const known = machines.get(services);
  // Stryker disable next-line ConditionalExpression: a machine made again for the same services runs the same statechart with them
  if (known) return known;
  const machine = otpStatechart.provide({
    actors: { sendCode: fromPromise(services.sendCode), verifyCode: fromPromise(services.verifyCode) },
  });
  machines.set(services, machine);
  return machine;
}
