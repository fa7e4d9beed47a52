import os from 'node:os';
import path from 'node:path';

/**
 * Where built tools (the Temporal CLI) are kept between runs. It lives outside the
 * repository so that a fresh clone or `git clean` does not cost another 3-minute build.
 */
export function cacheDir(): string {
  const explicit = process.env.TDKT_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'tdkt');
  return path.join(os.homedir(), '.cache', 'tdkt');
}
