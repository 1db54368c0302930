import { otpStatechart } from '../machines/otp.machine.ts';
import { sendCode, verifyCode } from './channels/index.ts';

/**
 * The Descope OTP statechart with Descope's channel services: create it with `createActor(otpMachine, { input })`.
 * Swap the services with `otpMachine.provide({ actors: { sendCode, verifyCode } })`. On restore,
 * `createActor(otpMachine, { input, snapshot })` takes its settings and refresh JWT from `input`.
 */
export const otpMachine = otpStatechart.provide({ actors: { sendCode, verifyCode } });
