import type { ReceivedMail } from '../../infra/mailSink.ts';

/** The outbox key a mail was sent under (X-Tdkt-Key), so tests pick their own cycle's mails from the shared sink. */
export function keyOf(mail: ReceivedMail): string {
  const value = mail.headers['x-tdkt-key'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function mailsOf(all: ReceivedMail[], cycleId: string): ReceivedMail[] {
  return all.filter((m) => keyOf(m).startsWith(`${cycleId}`));
}
