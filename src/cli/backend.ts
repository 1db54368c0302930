import { createTestServer, formatDelivery, type TestServer } from '../testing/index.ts';

/** Where the flow's requests go. */
export interface Backend {
  projectId: string;
  baseUrl?: string;
  /** The embedded test server, when no project ID was given. */
  server?: TestServer;
  /** One line saying where requests go. */
  description: string;
  close(): Promise<void>;
}

export async function startEmbeddedBackend(print: (line: string) => void): Promise<Backend> {
  const server = await createTestServer({ onDeliver: (delivery) => print(formatDelivery(delivery)) });
  return {
    projectId: server.projectId,
    baseUrl: server.url,
    server,
    description: `Embedded test server on ${server.url}: codes are printed here, not sent.`,
    close: () => server.close(),
  };
}

function descopeBackend(projectId: string, baseUrl: string | undefined): Backend {
  const where = baseUrl ?? 'the Descope API';
  return {
    projectId,
    baseUrl,
    description: `Descope project ${projectId.slice(0, 6)}… via ${where}: codes are sent for real.`,
    close: async () => {},
  };
}

export async function openBackend(
  options: { projectId?: string; baseUrl?: string },
  print: (line: string) => void,
): Promise<Backend> {
  if (options.projectId) return descopeBackend(options.projectId, options.baseUrl);
  if (options.baseUrl) print('DESCOPE_BASE_URL is ignored without DESCOPE_PROJECT_ID.');
  return startEmbeddedBackend(print);
}
