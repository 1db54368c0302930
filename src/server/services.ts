import { fromPromise } from 'xstate';
import { requestSendCode, requestVerifyCode, type ServiceCall } from '../channels/index.ts';
import {
  type OtpSession,
  otpMachine,
  otpStatechart,
  type SendCodeInput,
  type SendCodeOutput,
  type VerifyCodeInput,
} from '../index.ts';

/** The requests a step makes for the statechart's `sendCode` and `verifyCode` slots. */
export interface StepServices {
  sendCode(call: ServiceCall<SendCodeInput>): Promise<SendCodeOutput>;
  verifyCode(call: ServiceCall<VerifyCodeInput>): Promise<OtpSession>;
}

/** Descope's own requests: what `otpMachine` invokes. */
export const descopeServices: StepServices = { sendCode: requestSendCode, verifyCode: requestVerifyCode };

const machines = new WeakMap<StepServices, typeof otpMachine>([[descopeServices, otpMachine]]);

/** The statechart with `services` in its slots: `otpMachine` for Descope's. */
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
