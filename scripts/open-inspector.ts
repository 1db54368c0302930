import { type LocalInspector, startLocalInspector } from '../src/inspector/index.ts';

/** Starts the local inspector on `port`, or on a free port when `port` is taken. */
export async function openLocalInspector(port: number): Promise<LocalInspector> {
  try {
    return await startLocalInspector({ port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startLocalInspector({ port: 0 });
  }
}
