export { runTestServerCommand } from './command.ts';
export { formatDelivery } from './delivery.ts';
export { createTestServer } from './server.ts';
export type {
  DeliveredCode,
  FaultSpec,
  IssuedSession,
  IssueSessionOptions,
  OtpMethod,
  RecordedRequest,
  TestServer,
  TestServerOptions,
  TestUser,
  TestUserSeed,
} from './types.ts';
