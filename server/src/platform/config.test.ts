import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: path.resolve('.agora'), databaseUrl: undefined, publicUrl: 'http://localhost:3000', sandbox: true });
  });

  it('reads the environment', () => {
    const c = loadConfig({ PORT: '8080', AGORA_DATA_DIR: '/var/agora', DATABASE_URL: 'postgres://x/y', AGORA_PUBLIC_URL: 'https://m.example.com/', AGORA_SANDBOX: 'false' });
    expect(c).toMatchObject({ port: 8080, dataDir: '/var/agora', databaseUrl: 'postgres://x/y', publicUrl: 'https://m.example.com', sandbox: false });
    expect(loadConfig({ AGORA_SANDBOX: 'off' }).sandbox).toBe(false);
    expect(loadConfig({ AGORA_SANDBOX: '1' }).sandbox).toBe(true);
  });

  it('refuses bad values with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ AGORA_PUBLIC_URL: 'not a url' })).toThrow(/AGORA_PUBLIC_URL/);
  });
});
