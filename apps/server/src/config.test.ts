/** config.ts: the only reader of the environment; lists every problem at once; production is strict. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const KEY = 'a'.repeat(64);

function problems(env: Record<string, string>, argv: string[] = []): string[] {
  try {
    loadConfig(env, argv);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('configuration', () => {
  it('has safe defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demo: false,
    });
    expect(c.publicOrigin).toBe('http://localhost:3000');
  });

  it('lists every problem together, not just the first', () => {
    const found = problems({
      PORT: 'x',
      DATABASE_URL: 'mysql://nope',
      LOG_LEVEL: 'loud',
      UNIONHALL_MASTER_KEY: 'short',
    });
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/PORT[\s\S]*DATABASE_URL[\s\S]*MASTER_KEY[\s\S]*LOG_LEVEL/);
  });

  it('production refuses demo data, a missing master key and a non-https origin', () => {
    const found = problems({ NODE_ENV: 'production' }, ['--demo']);
    expect(found.some((p) => p.includes('UNIONHALL_MASTER_KEY'))).toBe(true);
    expect(found.some((p) => p.includes('demo'))).toBe(true);
    expect(found.some((p) => p.includes('PUBLIC_ORIGIN'))).toBe(true);
  });

  it('production starts with a master key and an https origin', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      UNIONHALL_MASTER_KEY: KEY,
      PUBLIC_ORIGIN: 'https://union.example.cn',
    });
    expect(c.masterKey?.length).toBe(32);
  });
});
