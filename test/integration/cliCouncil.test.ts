import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { cliChecks, scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// The council, decision, submission and document commands of tdkt as the secretariat, the
// council's members and its chair run them: a real process per command, its output and its exit
// code. No cycle is run here: the checks made before Temporal is asked, an unknown council, and
// documents read straight from Postgres.

const COUNCIL = 'council/DIEN-BIEN/2018';
const REASON = 'Hồ sơ thiếu minh chứng mô hình dân vận khéo';

let h: Harness;
let env: NodeJS.ProcessEnv;

const tdkt = tdktWith(() => env);
const { refused } = cliChecks(tdkt);
const scratch = scratchFolders('tdkt-cli-council-');

beforeAll(async () => {
  h = await startHarness();
  env = stackEnv(h.taskQueue);
});
afterAll(async () => {
  await h?.close();
  scratch.removeAll();
});

describe('tdkt council, decision, submission and document', () => {
  it('refuses malformed input with exit code 2 before asking Temporal', async () => {
    await Promise.all([
      refused(ExitCode.usage, 'a council id looks like council/<PROVINCE>/<YEAR>', 'council', 'status', 'council/dien-bien/2018'),
      refused(
        ExitCode.usage,
        'a council id looks like',
        'council',
        'appraise',
        '--council',
        'DIEN-BIEN/2018',
        '--nomination',
        'DB-VT:flag:TGI',
        '--accept',
        '--by',
        'snv.ha',
      ),
      refused(
        ExitCode.usage,
        'a nomination is CLUSTER:award:UNIT',
        'council',
        'appraise',
        '--council',
        COUNCIL,
        '--nomination',
        'DB-VT:medal:TGI',
        '--accept',
        '--by',
        'snv.ha',
      ),
      refused(
        ExitCode.usage,
        "'--accept' cannot be used with option '--return'",
        'council',
        'appraise',
        '--council',
        COUNCIL,
        '--nomination',
        'DB-VT:flag:TGI',
        '--accept',
        '--return',
        '--reason',
        REASON,
        '--by',
        'snv.ha',
      ),
      refused(
        ExitCode.usage,
        'give either --accept or --return',
        'council',
        'appraise',
        '--council',
        COUNCIL,
        '--nomination',
        'DB-VT:flag:TGI',
        '--by',
        'snv.ha',
      ),
      refused(
        ExitCode.usage,
        'returning a nomination needs a reason of at least 10 characters',
        'council',
        'appraise',
        '--council',
        COUNCIL,
        '--nomination',
        'DB-VT:flag:TGI',
        '--return',
        '--by',
        'snv.ha',
      ),
    ]);
    await Promise.all([
      refused(
        ExitCode.usage,
        'a nomination can have one vote only: DB-VT:flag:TGI',
        'council',
        'vote',
        '--council',
        COUNCIL,
        '--member',
        'hd.an',
        '--approve',
        'DB-VT:flag:TGI',
        'DB-VT:certificate:DBI',
        '--reject',
        'DB-VT:flag:TGI',
      ),
      refused(
        ExitCode.usage,
        'a nomination is CLUSTER:award:UNIT',
        'council',
        'vote',
        '--council',
        COUNCIL,
        '--member',
        'hd.an',
        '--abstain',
        'TGI',
      ),
      refused(
        ExitCode.usage,
        'returning or revoking needs a reason of at least 10 characters',
        'decision',
        'revoke',
        '--council',
        COUNCIL,
        '--by',
        'ubnd.chu-tich',
      ),
      refused(
        ExitCode.usage,
        'returning or revoking needs a reason of at least 10 characters',
        'decision',
        'return',
        '--council',
        COUNCIL,
        '--by',
        'ubnd.chu-tich',
        '--reason',
        'too short',
      ),
      refused(
        ExitCode.usage,
        'expected an ISO 8601 date-time with a zone',
        'council',
        'reschedule',
        '--council',
        COUNCIL,
        '--at',
        '2018-12-20 08:00',
        '--by',
        'snv.ha',
      ),
      refused(
        ExitCode.usage,
        'a person id is',
        'council',
        'attendance',
        '--council',
        COUNCIL,
        '--present',
        'hd.an',
        'HD.BINH',
        '--by',
        'snv.ha',
      ),
    ]);

    const asJson = await tdkt('--json', 'decision', 'revoke', '--council', COUNCIL, '--by', 'ubnd.chu-tich');
    expect(asJson.code).toBe(ExitCode.usage);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ exitCode: ExitCode.usage, error: expect.stringContaining('reason') });
  });

  it('says a council or a document is unknown with exit code 3', async () => {
    await Promise.all([
      refused(ExitCode.unknownCycle, 'unknown council council/NOWHERE/2018', 'council', 'status', 'council/NOWHERE/2018'),
      refused(
        ExitCode.unknownCycle,
        'unknown document council/NOWHERE/2018/quyet-dinh',
        'document',
        'get',
        'council/NOWHERE/2018/quyet-dinh',
      ),
      refused(ExitCode.usage, 'a document id looks like', 'document', 'get', 'quyet-dinh'),
    ]);
  });

  it('prints a stored document as it is, or writes it to --out', async () => {
    const province = `CLI-${randomBytes(4).toString('hex').toUpperCase()}`;
    const id = `council/${province}/2018/quyet-dinh`;
    const html =
      '<!doctype html>\n<html lang="vi"><body><h1>Quyết định 12/QĐ-UBND</h1><p>Tặng Cờ thi đua cho &lt;Sở Tư pháp&gt; &amp; Bằng khen</p></body></html>\n';
    await h.db
      .insertInto('document')
      .values({
        id,
        kind: 'decision',
        title: 'Quyết định khen thưởng năm 2018',
        html,
        cycle_id: null,
        council_id: `council/${province}/2018`,
        created_at: new Date(),
      })
      .execute();

    const printed = await tdkt('document', 'get', id);
    expect(printed.code, printed.stderr).toBe(ExitCode.ok);
    expect(printed.stdout).toBe(html);

    const out = path.join(scratch.make(), 'quyet-dinh.html');
    const written = await tdkt('document', 'get', id, '--out', out);
    expect(written.code, written.stderr).toBe(ExitCode.ok);
    expect(written.stdout).toContain(out);
    expect(readFileSync(out, 'utf8')).toBe(html);

    const asJson = await tdkt('--json', 'document', 'get', id);
    expect(asJson.code, asJson.stderr).toBe(ExitCode.ok);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ id, kind: 'decision', councilId: `council/${province}/2018`, cycleId: null, html });
  });
});
