import nodemailer, { type Transporter } from 'nodemailer';

// The one way the worker and the web server talk SMTP. Pooled: a new SMTP connection per mail
// (greeting, EHLO, the server's checks) cost about 100 ms before the first byte of the mail, and
// every mail the activities send waits for it; over a few kept-open connections a mail takes a few
// milliseconds (measured against the local maildev, 108 ms → 4 ms per mail). A connection the
// server closed is reopened by the pool at the next mail. A server that does not answer is given
// up on after 5 s (nodemailer waits two minutes): the mail then waits in the outbox for the
// courier, and the activity that wrote it goes on.

const DEFAULTS = { pool: 'true', connectionTimeout: '5000', greetingTimeout: '5000' };

export function createMailer(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  // A setting in SMTP_URL's query string wins over the default here.
  for (const [name, value] of Object.entries(DEFAULTS)) if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  return nodemailer.createTransport(url.toString());
}
