import type { Hono } from 'hono';
import type { AppEnv, WebDeps } from '../env.ts';
import { consoleGuard } from './access.ts';
import { auditRoutes } from './audit.ts';
import { historyRoutes } from './history.ts';
import { yearRoutes } from './yearRoutes.ts';
import { yearEndRoutes } from './yearEnd.ts';
import { councilConsoleRoutes } from './council.ts';
import { exportsRoutes } from './exports.ts';
import { pendingRoutes } from './pending.ts';
import { consoleDocumentRoutes } from './documents.ts';

// The secretariat's and administrators' console under /console: every route passes consoleGuard
// first (signed in, a console role, no POST from a read-only role). One line per page module.

export function consoleRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.use('/console', consoleGuard(deps));
  app.use('/console/*', consoleGuard(deps));
  historyRoutes(app, deps);
  auditRoutes(app, deps);
  yearRoutes(app, deps);
  yearEndRoutes(app, deps);
  councilConsoleRoutes(app, deps);
  pendingRoutes(app, deps);
  exportsRoutes(app, deps);
  consoleDocumentRoutes(app, deps);
}
