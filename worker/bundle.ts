import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './createWorker.ts';

// The workflows bundled ahead of time. A worker given workflowsPath bundles them itself at start
// (webpack): a few seconds and about 250 MB of resident memory that the process keeps for its
// whole life. A worker given TDKT_WORKFLOW_BUNDLE loads the finished file instead. The test run
// bundles once for all its workers; `npm run bundle-workflows -- FILE` makes one for production.

export async function bundleWorkflowsTo(file: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file || file.startsWith('-')) {
    console.error('usage: npm run bundle-workflows -- FILE   (then start the worker with TDKT_WORKFLOW_BUNDLE=FILE)');
    process.exit(2);
  }
  await bundleWorkflowsTo(file);
  console.log(`workflows bundled into ${file}`);
}
