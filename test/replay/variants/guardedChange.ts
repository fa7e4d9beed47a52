// The same change as unguardedChange.ts, made the right way: behind patched(), so only runs started
// after it take the extra timer and every recorded history still replays. Used by
// test/replay/replayGate.test.ts to show that the replay check tells the two apart; never exported
// from workflows/.
import { patched, sleep } from '@temporalio/workflow';
import type { RoundResult, RoundSetup } from '../../../domain/round.ts';
import { round as currentRound } from '../../../workflows/round.ts';

export async function round(setup: RoundSetup): Promise<RoundResult> {
  if (patched('nap-before-round')) await sleep('1 ms');
  return currentRound(setup);
}
