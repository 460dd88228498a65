/**
 * The one log sink: JSON lines in `<data_dir>/logs/adapter-YYYY-MM-DD.log`, every message and value
 * passed through the redactor first (S3), so no ID number, name or card number reaches a log file.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../services/service-deps';
import { redactObject, redactText } from '../../shared/redact';
import { chinaDate, chinaDateTime } from '../../shared/china-time';

export type LogLevel = 'info' | 'warn' | 'error';

export interface FileLogger extends Logger {
  /** The folder the files go to. */
  readonly dir: string;
  line(level: LogLevel, message: string, data?: Readonly<Record<string, unknown>>): void;
}

/** A logger writing redacted JSON lines; `echo` also prints warnings and errors to stderr. */
export function createFileLogger(dataDir: string, clock: () => number, echo = false): FileLogger {
  const dir = join(dataDir, 'logs');
  // Logs are redacted, yet still say who settled what and when: 0700 folder, 0600 files.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const line = (level: LogLevel, message: string, data?: Readonly<Record<string, unknown>>) => {
    const now = clock();
    const entry = {
      at: chinaDateTime(now),
      level,
      message: redactText(message),
      ...(data ? { data: redactObject(data) } : {}),
    };
    const text = JSON.stringify(entry);
    try {
      appendFileSync(join(dir, `adapter-${chinaDate(now)}.log`), `${text}\n`, { mode: 0o600 });
    } catch {
      // A full disk must not stop the window; the journal in SQLite is the record that matters.
    }
    if (echo && level !== 'info') process.stderr.write(`${text}\n`);
  };
  return {
    dir,
    line,
    info: (m, d) => line('info', m, d),
    warn: (m, d) => line('warn', m, d),
    error: (m, d) => line('error', m, d),
  };
}
