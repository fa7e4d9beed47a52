import type { Hono } from 'hono';
import type { AppEnv, WebDeps } from '../env.ts';
import { extendAction, vetoAction } from './cycleActions.ts';
import { cyclePage } from './cyclePage.ts';
import { startCycleAction, startFormPage } from './startCycle.ts';
import { yearOverviewPage } from './yearView.ts';

// The console's year and its cycles: the province's year at a glance (/console), starting a
// cluster's year (/console/start), and one cycle with the secretariat's extensions and vetoes.

export function yearRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console', (c) => yearOverviewPage(c, deps));
  app.get('/console/start', (c) => startFormPage(c, deps));
  app.post('/console/start', (c) => startCycleAction(c, deps));
  app.get('/console/cycle', (c) => cyclePage(c, deps));
  app.post('/console/cycle/extend', (c) => extendAction(c, deps));
  app.post('/console/cycle/veto', (c) => vetoAction(c, deps));
}
