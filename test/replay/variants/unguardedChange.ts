// A TEST OF THE REPLAY CHECK ITSELF: this file must stay broken. It is the `round` workflow with a
// change made the wrong way, without patched(): a one-millisecond timer before everything else, a
// command that no recorded history has. test/replay/replayGate.test.ts replays committed round
// fixtures against it and expects a determinism error for each; if that test starts passing
// replays here, the replay check no longer catches non-deterministic changes. Do not "fix" it, and
// never export it from workflows/.
import { sleep } from '@temporalio/workflow';
import type { RoundResult, RoundSetup } from '../../../domain/round.ts';
import { round as currentRound } from '../../../workflows/round.ts';

export async function round(setup: RoundSetup): Promise<RoundResult> {
  await sleep('1 ms');
  return currentRound(setup);
}
