import { formatVietnamTime } from '../domain/time.ts';
import { CliError, ExitCode } from './exitCodes.ts';

// The language of the CLI's human-readable output: `--lang vi|en` on any command, else the
// environment — TDKT_LANG (vi or en) first, then the locale as POSIX orders it (LC_ALL, then
// LC_MESSAGES, then LANG): one that starts with "vi" (vi_VN.UTF-8) means Vietnamese, anything else
// English. --json output is the same in both languages; only the text for people changes.

export type Lang = 'en' | 'vi';
export const LANGS: readonly Lang[] = ['en', 'vi'];

/** The language the environment asks for; a TDKT_LANG other than vi or en is refused rather than guessed. */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const asked = env.TDKT_LANG;
  if (asked) {
    if ((LANGS as readonly string[]).includes(asked)) return asked as Lang;
    throw new CliError(
      ExitCode.usage,
      `TDKT_LANG must be one of ${LANGS.join(', ')} (it is ${JSON.stringify(asked.slice(0, 20))})`,
      'InvalidInput',
    );
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

// Chosen once per command, before it runs (client/main.ts); English until then, as in tests that call the printers directly.
let current: Lang = 'en';

export function setCliLang(lang: Lang): void {
  current = lang;
}

/** The language of this command's output. */
export function cliLang(): Lang {
  return current;
}

/** The text in the command's language: `say('closed', 'đã đóng')`. */
export function say(en: string, vi: string): string {
  return current === 'vi' ? vi : en;
}

/** A time as this command shows it: Vietnam time in the one format of domain/time.ts, in the command's language. */
export function shownTime(ms: number): string {
  return formatVietnamTime(ms, current);
}
