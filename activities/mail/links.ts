import { signTaskLink, type LinkKey, type TaskClaim } from '../../taskLinks/taskLink.ts';

// The addresses mails give: a personal task link (signed, for one person, role and task, until
// the task can no longer be done), a task's page (for whoever signs in: the secretariat), and a
// document's printable page. The web server (web/) honours them; see README "Task links".

export interface LinkSettings {
  /** The web server's public base URL (WEB_BASE_URL), e.g. https://tdkt.example.gov.vn. */
  baseUrl: string;
  /** TDKT_LINK_KEYS: the first signs. */
  keys: readonly LinkKey[];
}

const base = (links: LinkSettings) => links.baseUrl.replace(/\/+$/, '');

/** `${WEB_BASE_URL}/t/<token>`: opening it signs the claim's person in for that task. */
export function taskLinkUrl(links: LinkSettings, claim: TaskClaim): string {
  return `${base(links)}/t/${signTaskLink(claim, links.keys)}`;
}

/** A task's page for whoever is signed in (no personal link: the secretariat signs in by mail). */
export function taskPageUrl(links: LinkSettings, task: string): string {
  return `${base(links)}/task?wf=${encodeURIComponent(task)}`;
}

/** A document's printable page (tờ trình, biên bản, quyết định); sign-in required. */
export function documentUrl(links: LinkSettings, documentId: string): string {
  return `${base(links)}/documents/${encodeURIComponent(documentId)}`;
}
