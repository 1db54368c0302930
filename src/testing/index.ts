export { runTestServerCommand } from './command.ts';
export { createTestServer } from './server.ts';
export type {
  DeliveredCode,
  FaultSpec,
  OtpMethod,
  RecordedRequest,
  TestServer,
  TestServerOptions,
  TestUser,
  TestUserSeed,
} from './types.ts';
