import { describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env';

describe('environment', () => {
  it('has working defaults for the embedded start', () => {
    const env = loadEnv({ INIT_CWD: '/srv/cm' });
    expect(env).toMatchObject({
      PORT: 3000,
      DATA_DIR: '/srv/cm/.data',
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      KYC_MAX_FILE_MB: 10,
      DOCUMENT_MAX_FILE_MB: 20,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '-5' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*SESSION_IDLE_MINUTES|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => loadEnv({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_ENDPOINT is set but S3_BUCKET is not/);
    expect(() => loadEnv({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadEnv({ ALLOWED_ORIGINS: 'not a url' })).toThrow(/ALLOWED_ORIGINS/);
  });
});
