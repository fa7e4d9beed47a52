import type { Logger as SdkLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

// The worker's log: one pino logger for the worker's own lines and, through SdkPinoLogger, for the
// Temporal SDK's (its core, its worker, and the workflows' and activities' context loggers, which
// add the workflow id, run id and activity type). JSON lines on stdout, or one readable line each.

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function createLogger(opts: { level: Level; format: LogFormat }): Logger {
  // The SDK passes errors as `error`; pino serializes only `err` by default, and an Error is `{}` in JSON.
  const options = { level: opts.level, serializers: { error: pino.stdSerializers.err } };
  return opts.format === 'pretty' ? pino(options, readableLines(process.stdout)) : pino(options);
}

const PINO_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's Logger interface on a pino logger: the SDK's level names, its metadata as the line's fields. */
export class SdkPinoLogger implements SdkLogger {
  readonly #pino: Logger;

  constructor(logger: Logger) {
    this.#pino = logger;
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    // An activity's task token lets whoever holds it complete the activity: not for the log.
    const fields = { ...meta };
    delete fields.taskToken;
    this.#pino[PINO_LEVELS[level]](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** Fields of pino's every line that a person at a terminal does not need. */
const UNSHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * LOG_FORMAT=pretty without a dependency: pino's JSON line re-written as
 * `2026-12-03T17:00:00.000Z INFO  message key=value …`, an error's stack on the lines below it.
 */
function readableLines(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const label = pino.levels.labels[entry.level as number] ?? String(entry.level);
      const fields: string[] = [];
      const stacks: string[] = [];
      for (const [key, value] of Object.entries(entry)) {
        if (UNSHOWN.has(key)) continue;
        const { stack, message } = (value ?? {}) as { stack?: unknown; message?: unknown };
        if (typeof stack === 'string') {
          // A serialized error: its message here, its stack below.
          stacks.push(stack.replace(/^/gm, '    '));
          fields.push(`${key}=${JSON.stringify(message)}`);
        } else fields.push(`${key}=${typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`);
      }
      const head = `${new Date(entry.time as number).toISOString()} ${label.toUpperCase().padEnd(5)} ${typeof entry.msg === 'string' ? entry.msg : ''}`;
      out.write([[head, ...fields].join(' '), ...stacks].join('\n') + '\n');
    },
  };
}
