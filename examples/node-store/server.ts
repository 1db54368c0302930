import { createServer } from 'node:http';
import type { Channel, OtpInput } from '../../src/index.ts';
import { createTestServer, formatDelivery } from '../../src/testing/index.ts';
import { createApp } from './app.ts';
import { storeFromEnv } from './store.ts';

const port = Number(process.env.PORT ?? 3000);
const channel = (process.env.OTP_CHANNEL ?? 'email') as Channel;

async function descopeInput(): Promise<OtpInput> {
  const projectId = process.env.DESCOPE_PROJECT_ID;
  if (projectId) return { projectId, channel };
  const descope = await createTestServer({
    onDeliver: (delivery) => console.log(formatDelivery(delivery)),
  });
  console.log(`No DESCOPE_PROJECT_ID: using a local test server at ${descope.url}`);
  return { projectId: descope.projectId, baseUrl: descope.url, channel };
}

const { store } = await storeFromEnv();
const server = createServer(createApp(await descopeInput(), store));
server.listen(port, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${port}`;
  console.log(`Listening on ${url}, flows kept in ${process.env.REDIS_URL ? 'Redis' : 'memory'}`);
  const curl = `curl -s -c cookies.txt -b cookies.txt -H 'content-type: application/json'`;
  console.log(`  ${curl} ${url}/otp/start -d '{"loginId":"ada@example.com"}'`);
  console.log(`  ${curl} ${url}/otp/resend -d '{"flowId":"<flowId>"}'`);
  console.log(`  ${curl} ${url}/otp/verify -d '{"flowId":"<flowId>","code":"<code>"}'`);
});
