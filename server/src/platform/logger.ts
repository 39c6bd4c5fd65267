import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'agora' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.client_secret', '*.password'], censor: '[redacted]' },
  });
}
