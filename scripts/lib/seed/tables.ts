// The data tables the generator fills, in load order (parents before children), and their columns.
export const TABLES = {
  enrollees: ['enrollment.enrollees', ['id', 'a_number', 'given_name', 'family_name', 'date_of_birth', 'country_of_citizenship', 'preferred_language', 'phone', 'address_line1', 'address_line2', 'city', 'state', 'postal_code', 'field_office_code', 'created_at']],
  enrollments: ['enrollment.enrollments', ['id', 'enrollee_id', 'technology', 'check_in_cadence', 'status', 'started_at', 'ended_at', 'end_reason', 'daily_cost_cents', 'is_current']],
  checkIns: ['checkin.check_ins', ['id', 'enrollee_id', 'due_at', 'submitted_at', 'method', 'verification', 'latitude', 'longitude', 'accuracy_meters', 'excuse_reason', 'created_at']],
  cases: ['docket.cases', ['id', 'a_number', 'case_type', 'court_code', 'status', 'notice_to_appear_date', 'decision', 'in_absentia', 'decided_at']],
  hearings: ['docket.hearings', ['id', 'case_id', 'a_number', 'court_code', 'scheduled_at', 'calendar', 'medium', 'judge', 'courtroom', 'status', 'attendance', 'adjournment_reason']],
  organizations: ['legal.organizations', ['id', 'name', 'kind', 'city', 'state']],
  representatives: ['legal.representatives', ['id', 'given_name', 'family_name', 'kind', 'bar_number', 'eoir_id', 'organization_id']],
  representations: ['legal.representations', ['id', 'a_number', 'case_id', 'representative_id', 'organization_id', 'form', 'scope', 'is_primary', 'filed_at', 'withdrawn_at']],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

export type TableKey = keyof typeof TABLES;
export const TABLE_KEYS = Object.keys(TABLES) as TableKey[];
/** Tables whose rows are per person, loaded chunk by chunk (organizations and representatives are loaded once, first). */
export const PERSON_TABLES: TableKey[] = ['enrollees', 'enrollments', 'checkIns', 'cases', 'hearings', 'representations'];
