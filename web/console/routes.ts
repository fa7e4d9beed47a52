import type { Hono } from 'hono';
import type { AppEnv, WebDeps } from '../env.ts';
import { consoleGuard } from './access.ts';
import { consoleDocumentRoutes } from './documents.ts';

// The secretariat's and administrators' console under /console: every route passes consoleGuard
// first (signed in, a console role, no POST from a read-only role). One line per page module.

export function consoleRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.use('/console', consoleGuard(deps));
  app.use('/console/*', consoleGuard(deps));
  consoleDocumentRoutes(app, deps);
}
