import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, createOtpHandler, type FlowStore, toNodeListener } from '../../src/server/index.ts';

/** The app: `POST /otp/start`, `/otp/resend`, `/otp/verify`, `/otp/cancel`, with flows kept in `store`. */
export const createApp = (input: OtpInput, store: FlowStore) =>
  toNodeListener(createOtpHandler(createOtpFlows({ input, store })));
