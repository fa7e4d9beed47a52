import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

// Kysely's view of the tables that db/migrations creates. Keep the two in step: a column added by a
// migration is added here in the same commit.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export interface UnitTable {
  code: string;
  name: string;
  /** commune, ward, district, department… as the master list says. */
  kind: string;
  province: string;
  dissolved_on: string | null;
}

/** Predecessor → successor, e.g. the 2025 reform merging districts into communes. */
export interface UnitLinkTable {
  predecessor_code: string;
  successor_code: string;
  effective_on: string;
  reason: string;
  /** What happened to the predecessor's open tasks in running cycles: closed for it, or transferred to the successor. */
  open_tasks: ColumnType<'close' | 'transfer', 'close' | 'transfer' | undefined, never>;
  recorded_by: string | null;
  recorded_at: Date | null;
}

export interface ClusterTable {
  code: string;
  name: string;
  province: string;
  kind: 'cluster' | 'bloc';
}

/** Membership is versioned per year: units are merged away and clusters are redrawn. */
export interface ClusterMembershipTable {
  cluster_code: string;
  year: number;
  unit_code: string;
  rotation_order: number;
  never_chair: boolean;
}

export interface ClusterLeadershipTable {
  cluster_code: string;
  year: number;
  chair_unit: string;
  deputy_unit: string;
}

export interface PersonTable {
  id: string;
  full_name: string;
  email: string;
  unit_code: string | null;
}

export interface PersonRoleTable {
  person_id: string;
  role: 'representative' | 'secretariat' | 'council_member' | 'council_chair' | 'council_secretary' | 'administrator';
  /** The unit acted for (representatives). */
  unit_code: string | null;
  /** The province served (secretariat, council, council secretary, administrator). */
  province: string | null;
  year: number;
}

export interface CycleTable {
  id: string;
  cluster_code: string;
  year: number;
  phase: string;
  calendar: Json;
  chair_unit: string;
  deputy_unit: string;
  started_at: Date;
  updated_at: Date;
  /** The whole input the cycle was started with (next year's is derived from it); null for cycles from before it was kept. */
  input: ColumnType<unknown, string | null | undefined, never>;
}

export interface CampaignTable {
  cycle_id: string;
  code: string;
  title: string;
  launched_at: Date;
}

export interface RoundTable {
  id: string;
  cycle_id: string;
  kind: string;
  opens_at: Date;
  deadline: Date;
  /** Null for a round that waits for everyone (late policy "wait"). */
  closes_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  /** Units that had not submitted when the round closed: the gap is recorded, not forgotten. */
  missing_units: string[] | null;
}

export interface PledgeTable {
  cycle_id: string;
  unit_code: string;
  round_id: string;
  signer_id: string;
  signed_at: Date;
  late: boolean;
}

/** Reminders and escalations, one row per unit per notice, keyed so a retry writes nothing twice. */
export interface RoundNoticeTable {
  round_id: string;
  kind: 'reminder' | 'escalation';
  seq: number;
  unit_code: string;
  sent_at: Date;
}

export interface EmailOutboxTable {
  /** The business key (cycle, round, purpose, recipient…): a retried activity finds its row here. */
  key: string;
  cycle_id: string | null;
  person_id: string | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  status: 'pending' | 'sent';
  attempts: Generated<number>;
  last_error: string | null;
  /** When the courier tries a mail the server did not take again (null: not failed yet). */
  next_attempt_at: Date | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

/** Append-only (a trigger refuses UPDATE and DELETE): what happened, who did it, and when. */
export interface AuditEventTable {
  id: Generated<string>;
  key: string;
  cycle_id: string | null;
  actor: string;
  action: string;
  subject: string;
  details: Json;
  occurred_at: Date;
  recorded_at: CreatedAt;
}

export interface RubricTable {
  cluster_code: string;
  year: number;
  version: string;
  definition: Json;
}

export interface ReportTable {
  cycle_id: string;
  unit_code: string;
  period: string;
  version: number;
  round_id: string;
  submitted_by: string;
  submitted_at: Date;
  late: boolean;
  /** numeric: read back as a string by pg, to keep every decimal. */
  late_penalty: ColumnType<string, number, number>;
  narrative_raw: string;
  narrative: string;
  figures: Json;
  self_score: Json | null;
  score_total: ColumnType<string | null, number | null, number | null>;
  rubric_version: string | null;
  quarantined: boolean;
}

export interface ReportQuarantineTable {
  cycle_id: string;
  unit_code: string;
  period: string;
  version: number;
  fragments: string[];
  status: ColumnType<'pending' | 'released' | 'rejected', 'pending' | 'released' | 'rejected' | undefined, 'released' | 'rejected'>;
  created_at: Date;
}

export interface RoundExtensionTable {
  round_id: string;
  unit_code: string;
  granted_at: Date;
  until: Date;
  reason: string;
  granted_by: string;
}

type Points = ColumnType<string, number, number>;

/** One scorer's sheet for one other member; a re-submission adds a version, the latest counts. */
export interface CrossScoreTable {
  cycle_id: string;
  scorer_unit: string;
  target_unit: string;
  version: number;
  round_id: string;
  submitted_by: string;
  submitted_at: Date;
  late: boolean;
  criteria: Json;
  total: Points;
  rubric_version: string;
}

export interface ScoreAdjustmentTable {
  cycle_id: string;
  unit_code: string;
  adjusted_at: Date;
  points: Points;
  reason: string;
  adjusted_by: string;
}

export interface VetoTable {
  cycle_id: string;
  unit_code: string;
  /** police, inspectorate, tax, social-insurance, other */
  source: string;
  reference: string;
  description: string;
  recorded_by: string;
  recorded_at: Date;
}

/** The consolidated table as last computed, with every step of each unit's score in `detail`. */
export interface ScoreConsolidationTable {
  cycle_id: string;
  unit_code: string;
  rank: number;
  total: Points;
  eligible_for_first: boolean;
  detail: Json;
  formula_version: string;
  rubric_version: string;
  final: boolean;
  computed_at: Date;
}

export interface BallotBoxTable {
  ballot_id: string;
  /** Null for a council session's box. */
  cycle_id: string | null;
  number: number;
  public_key: string;
  private_key: string | null;
  opened_at: Date;
  counted_at: Date | null;
}

export interface BallotVoterTable {
  ballot_id: string;
  unit_code: string;
  voter_id: string;
  voted_at: Date;
}

export interface BallotEnvelopeTable {
  ballot_id: string;
  digest: string;
  sealed: string;
}

export interface BallotChoiceTable {
  ballot_id: string;
  position: number;
  choices: Json | null;
}

export interface BallotResultTable {
  ballot_id: string;
  cycle_id: string;
  number: number;
  items: Json;
  tally: Json;
  counted_at: Date;
}

export interface NominationTable {
  cycle_id: string;
  award: 'flag' | 'certificate';
  unit_code: string;
  decided_by: 'ballot' | 'chair-and-deputy';
  ballot_round: number | null;
  recorded_at: Date;
}

export interface ClusterMinutesTable {
  cycle_id: string;
  kind: 'scoring' | 'ballot';
  text_body: string;
  html_body: string;
  created_at: Date;
}

export interface CouncilTable {
  id: string;
  province: string;
  year: number;
  phase: string;
  started_at: Date;
  updated_at: Date;
}

export interface DocumentTable {
  id: string;
  kind: 'submission' | 'minutes' | 'decision' | 'revocation';
  title: string;
  html: string;
  cycle_id: string | null;
  council_id: string | null;
  created_at: Date;
}

export interface CouncilSubmissionTable {
  cycle_id: string;
  version: number;
  council_id: string;
  nominations: Json;
  note: string | null;
  document_id: string;
  submitted_by: string;
  submitted_at: Date;
}

export interface CouncilEventTable {
  council_id: string;
  key: string;
  kind: string;
  actor: string;
  details: Json;
  occurred_at: Date;
}

export interface CouncilVoteTable {
  council_id: string;
  session: number;
  member_id: string;
  written: boolean;
  votes: Json;
  voted_at: Date;
}

export interface DecisionTable {
  council_id: string;
  number: string;
  decided_on: string;
  status: 'approved' | 'partly-revoked' | 'revoked';
  approved_by: string;
  approved_at: Date;
  document_id: string;
}

/** A revocation decision (quyết định thu hồi): its own number, the original decision's, what and why. */
export interface RevocationTable {
  council_id: string;
  /** Business key of the revocation (its instant in the council's history): a retry numbers nothing twice. */
  key: string;
  number: string;
  decision_number: string;
  nominations: ColumnType<string[], string, string>;
  reason: string;
  revoked_by: string;
  revoked_at: Date;
  document_id: string;
}

export interface AwardTable {
  council_id: string;
  nomination: string;
  cycle_id: string;
  unit_code: string;
  award: 'flag' | 'certificate';
  /** bigint: read back as a string by pg. */
  amount_vnd: ColumnType<string, number, number>;
  decision_number: string;
  revoked_at: Date | null;
  revoked_reason: string | null;
  /** Who revoked it and the number of the revocation decision (null for revocations before these were kept). */
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>;
  revocation_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set at the year-end conference, where the award is handed over. */
  handed_over_at: ColumnType<Date | null, Date | null | undefined, Date>;
}

/** A unit of a merged-away member that a round stopped waiting for, or handed to the successor. */
export interface RoundExcusalTable {
  round_id: string;
  unit_code: string;
  handled: 'close' | 'transfer';
  successor_code: string;
  reason: string;
  at: Date;
}

export interface ConferenceTable {
  cycle_id: string;
  held_at: Date;
  chair_unit: string;
  awards_handed_over: number;
}

/** The cluster's own certificates (giấy khen), signed by the head of the chair unit. */
export interface ClusterCertificateTable {
  cycle_id: string;
  seq: number;
  /** e.g. 01/GK-DB-VT-2018 */
  number: string;
  recipient: string;
  recipient_kind: 'collective' | 'household' | 'individual';
  unit_code: string;
  achievement: string;
  amount_vnd: ColumnType<string, number, number>;
  signed_by_unit: string;
  recorded_by: string;
  issued_at: Date;
}

/** The secretariat's instructions for a cycle's rotation: one override, or units excused with the council's consent. */
export interface RotationInstructionTable {
  id: Generated<string>;
  cycle_id: string;
  kind: 'override' | 'excuse';
  unit_code: string | null;
  chair_unit: string | null;
  deputy_unit: string | null;
  reason: string;
  actor: string;
  at: Date;
}

export interface HandoverTable {
  cluster_code: string;
  to_year: number;
  from_cycle_id: string;
  from_chair: string;
  from_deputy: string;
  to_chair: string;
  to_deputy: string;
  policy: 'default' | 'override';
  /** The whole rotation: skips with reasons, the default choice when overridden, next year's membership. */
  rotation: Json;
  recorded_by: 'handover' | 'schedule';
  recorded_at: Date;
}

export interface CycleLaunchTable {
  cycle_id: string;
  from_cycle_id: string;
  started_by: 'handover' | 'schedule';
  started_at: Date;
}

/** A signed-in person's session on the web pages: the cookie's token as its SHA-256 digest, and the session's CSRF token. */
export interface WebSessionTable {
  token_hash: string;
  person_id: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
}

/** A sign-in link mailed to a person: single use, valid 15 minutes; the token as its SHA-256 digest. */
export interface SignInTokenTable {
  token_hash: string;
  person_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** Every sign-in request, known address or not, counted for the rate limits (digests of the address and the client). */
export interface SignInRequestTable {
  id: Generated<string>;
  address_hash: string;
  client_hash: string;
  requested_at: Date;
}

export interface Database {
  unit: UnitTable;
  unit_link: UnitLinkTable;
  cluster: ClusterTable;
  cluster_membership: ClusterMembershipTable;
  cluster_leadership: ClusterLeadershipTable;
  person: PersonTable;
  person_role: PersonRoleTable;
  cycle: CycleTable;
  campaign: CampaignTable;
  round: RoundTable;
  pledge: PledgeTable;
  round_notice: RoundNoticeTable;
  email_outbox: EmailOutboxTable;
  audit_event: AuditEventTable;
  rubric: RubricTable;
  report: ReportTable;
  report_quarantine: ReportQuarantineTable;
  round_extension: RoundExtensionTable;
  cross_score: CrossScoreTable;
  score_adjustment: ScoreAdjustmentTable;
  veto: VetoTable;
  score_consolidation: ScoreConsolidationTable;
  ballot_box: BallotBoxTable;
  ballot_voter: BallotVoterTable;
  ballot_envelope: BallotEnvelopeTable;
  ballot_choice: BallotChoiceTable;
  ballot_result: BallotResultTable;
  nomination: NominationTable;
  cluster_minutes: ClusterMinutesTable;
  council: CouncilTable;
  document: DocumentTable;
  council_submission: CouncilSubmissionTable;
  council_event: CouncilEventTable;
  council_vote: CouncilVoteTable;
  decision: DecisionTable;
  revocation: RevocationTable;
  award: AwardTable;
  round_excusal: RoundExcusalTable;
  conference: ConferenceTable;
  cluster_certificate: ClusterCertificateTable;
  rotation_instruction: RotationInstructionTable;
  handover: HandoverTable;
  cycle_launch: CycleLaunchTable;
  web_session: WebSessionTable;
  sign_in_token: SignInTokenTable;
  sign_in_request: SignInRequestTable;
}

export type Pledge = Selectable<PledgeTable>;
export type OutboxMail = Selectable<EmailOutboxTable>;
export type NewOutboxMail = Insertable<EmailOutboxTable>;
export type AuditEvent = Selectable<AuditEventTable>;
