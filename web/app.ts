import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { findPerson } from '../db/queries/participants.ts';
import { verifyTaskLink } from '../taskLinks/taskLink.ts';
import type { AppEnv, WebDeps } from './env.ts';
import { isLang, translator, type Lang } from './i18n.ts';
import { messagePage } from './layout.ts';
import { consoleRoutes } from './console/routes.ts';
import { chairRoutes } from './pages/chair.ts';
import { councilRoutes } from './pages/council.ts';
import { documentRoutes } from './pages/document.ts';
import { myTasksPage } from './pages/myTasks.ts';
import { ballotTaskPage, castBallotAction, takeChoices } from './pages/ballot.ts';
import { pledgePage, signPledgeAction } from './pages/pledge.ts';
import { reportTaskPage, submitReportAction } from './pages/report.ts';
import { scoreTaskPage, submitScoresAction } from './pages/score.ts';
import { checkTaskAccess } from './pages/task.ts';
import { csrfCheck, securityHeaders } from './security.ts';
import { cookieOptions, LANG_COOKIE, sessionMiddleware, startSession } from './session.ts';
import { signInRoutes } from './signIn.ts';

// The participants' web application (Hono, server-rendered with hono/html): sign-in by mail, the
// personal task links, My tasks, and one page per task. It acts only through the client's
// operations, as the person of the session, after checking that person's role.

/** The largest request body taken: a report's limit is 64 KiB of JSON, a form carries less. */
export const MAX_BODY_BYTES = 256 * 1024;

const STATIC = {
  'app.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./static/app.css', import.meta.url)) },
  'app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./static/app.js', import.meta.url)) },
  'console-exports.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./static/console-exports.js', import.meta.url)),
  },
} as const;

export function createApp(deps: WebDeps): Hono<AppEnv> {
  const { db, config } = deps;
  const clock = deps.clock ?? Date.now;
  const app = new Hono<AppEnv>();

  app.use(securityHeaders);
  app.get('/static/:file', (c) => {
    const file = STATIC[c.req.param('file') as keyof typeof STATIC] as (typeof STATIC)[keyof typeof STATIC] | undefined;
    if (!file) return c.text('not found', 404);
    return c.body(new Uint8Array(file.body), 200, { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=3600' });
  });

  // The language: ?lang= switches and is remembered in a cookie; Vietnamese by default.
  app.use(async (c, next) => {
    const asked = c.req.query('lang');
    let lang: Lang = 'vi';
    if (isLang(asked)) {
      lang = asked;
      setCookie(c, LANG_COOKIE, lang, { ...cookieOptions(config, 365 * 86_400), httpOnly: true });
    } else {
      const remembered = getCookie(c, LANG_COOKIE);
      if (isLang(remembered)) lang = remembered;
    }
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c: Context<AppEnv>) => {
        // The rest of the body is never read: the connection is closed after this answer, and the
        // header says so, or the browser would send its next form on a connection that is gone.
        c.header('Connection', 'close');
        return messagePage(c, 413, 'tooLargeTitle', c.get('t')('tooLarge', { limit: '256 KiB' }));
      },
    }),
  );
  app.use(sessionMiddleware(db, config, clock));
  app.use(csrfCheck((c) => messagePage(c, 403, 'csrfTitle', c.get('t')('csrf'))));

  app.get('/', (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/sign-in', 303);
    return myTasksPage(c, deps, session);
  });

  signInRoutes(app, deps);

  // A personal task link from a mail: a valid one signs its person in and opens the task.
  app.get('/t/:token', async (c) => {
    const t = c.get('t');
    const signIn = { href: '/sign-in', label: t('signIn') };
    const check = verifyTaskLink(c.req.param('token'), config.TDKT_LINK_KEYS, clock());
    if (!check.ok) {
      return check.reason === 'expired'
        ? messagePage(c, 410, 'linkExpiredTitle', t('linkExpired'), signIn)
        : messagePage(c, 400, 'linkInvalidTitle', t('linkInvalid'), signIn);
    }
    const { claim } = check;
    if (!(await findPerson(db, claim.person))) return messagePage(c, 400, 'linkInvalidTitle', t('linkInvalid'), signIn);
    await startSession(c, db, config, claim.person, clock());
    const target = `/task?wf=${encodeURIComponent(claim.task)}${claim.unit ? `&unit=${encodeURIComponent(claim.unit)}` : ''}`;
    return c.redirect(target, 303);
  });

  // The council's page and forms (`/task?wf=council/…` is taken there first), the cluster chair's
  // and deputy's (`/task?wf=cycle/<cluster>/<year>`), and the printable documents.
  councilRoutes(app, deps);
  chairRoutes(app, deps);
  documentRoutes(app, deps);
  // The secretariat's and administrators' console.
  consoleRoutes(app, deps);

  app.get('/task', async (c) => {
    const checked = await checkTaskAccess(c, deps, c.req.query('wf'), c.req.query('unit'));
    if (!checked.ok) return checked.response;
    const { access } = checked;
    if (access.kind === 'score') return scoreTaskPage(c, deps, access);
    if (access.kind === 'ballot') return ballotTaskPage(c, deps, access);
    return access.kind === 'pledge' ? pledgePage(c, deps, access) : reportTaskPage(c, deps, access);
  });

  app.post('/task/pledge', async (c) => {
    const form = c.get('form');
    const checked = await checkTaskAccess(c, deps, form.wf, form.unit);
    if (!checked.ok) return checked.response;
    if (checked.access.kind !== 'pledge') return messagePage(c, 400, 'invalidTitle', c.get('t')('unknownTask'));
    return signPledgeAction(c, deps, checked.access);
  });

  app.post('/task/report', async (c) => {
    const form = c.get('form');
    const checked = await checkTaskAccess(c, deps, form.wf, form.unit);
    if (!checked.ok) return checked.response;
    if (checked.access.kind !== 'report') return messagePage(c, 400, 'invalidTitle', c.get('t')('unknownTask'));
    return submitReportAction(c, deps, checked.access);
  });

  app.post('/task/score', async (c) => {
    const form = c.get('form');
    const checked = await checkTaskAccess(c, deps, form.wf, form.unit);
    if (!checked.ok) return checked.response;
    if (checked.access.kind !== 'score') return messagePage(c, 400, 'invalidTitle', c.get('t')('unknownTask'));
    return submitScoresAction(c, deps, checked.access);
  });

  app.post('/task/ballot', async (c) => {
    // The choices leave the request's form first: nothing else (the checks, an error page, a log) sees them.
    const sent = takeChoices(c);
    const form = c.get('form');
    const checked = await checkTaskAccess(c, deps, form.wf, form.unit);
    if (!checked.ok) return checked.response;
    if (checked.access.kind !== 'ballot') return messagePage(c, 400, 'invalidTitle', c.get('t')('unknownTask'));
    return castBallotAction(c, deps, checked.access, sent);
  });

  app.notFound((c) => (c.get('t') ? messagePage(c, 404, 'notFoundTitle', c.get('t')('notFound')) : c.text('not found', 404)));
  app.onError((error, c) => {
    deps.log?.error({ err: error, path: c.req.path }, 'request failed');
    if (!c.get('t')) c.set('t', translator('vi'));
    if (!c.get('lang')) c.set('lang', 'vi');
    return messagePage(c, 500, 'errorTitle', c.get('t')('error'));
  });
  return app;
}
