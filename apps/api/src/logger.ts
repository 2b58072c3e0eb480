import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs; secrets are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'req.headers.cookie', 'headers.cookie', '*.passwordHash'],
      censor: '[redacted]',
    },
  });
}
