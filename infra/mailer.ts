import nodemailer, { type Transporter } from 'nodemailer';

// The one way the worker and the web server talk SMTP. Pooled: a new SMTP connection per mail
// (greeting, EHLO, the server's checks) cost about 100 ms before the first byte of the mail, and
// every mail the activities send waits for it; over a few kept-open connections a mail takes a few
// milliseconds (measured against the local maildev, 108 ms → 4 ms per mail). A connection the
// server closed is reopened by the pool at the next mail.

export function createMailer(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  // A `pool` setting in SMTP_URL's query string wins over the default here.
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return nodemailer.createTransport(url.toString());
}
