import type { TestProject } from 'vitest/node';
import { buildWebIfStale, startServer, type DemoCredentials } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server the journeys drive: started once for the whole run. */
    agora: { baseUrl: string; sampleAppUrl: string; credentials: DemoCredentials };
  }
}

/** Builds the web app if it is stale, starts `agora serve --seed-demo` on a fresh data directory, and stops it at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const build = await buildWebIfStale();
  const server = await startServer();
  console.log(`e2e: web app ${build === 'built' ? 'built' : 'up to date'}; agora serving at ${server.baseUrl}`);
  project.provide('agora', { baseUrl: server.baseUrl, sampleAppUrl: server.sampleAppUrl, credentials: server.credentials });
  return async () => {
    await server.stop();
  };
}
