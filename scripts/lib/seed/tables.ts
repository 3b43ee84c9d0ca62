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
  // Copies each domain keeps of another's facts (replicas.ts), filled as their event consumers would.
  supervisionTerms: ['checkin.supervision_terms', ['enrollment_id', 'started_at', 'enrollee_id', 'a_number', 'technology', 'check_in_cadence', 'ended_at']],
  docketCases: ['legal.docket_cases', ['case_id', 'a_number']],
  enrollmentPartnerClients: ['enrollment.partner_clients', ['representation_id', 'organization_id', 'a_number']],
  docketPartnerClients: ['docket.partner_clients', ['representation_id', 'organization_id', 'a_number']],
  checkinPartnerClients: ['checkin.partner_clients', ['representation_id', 'organization_id', 'a_number']],
  // What check-in last published of compliance, and the worklist read model (read-models.ts).
  complianceStates: ['checkin.compliance_states', ['enrollee_id', 'level', 'consecutive_misses', 'window_closes_at', 'evaluated_at', 'next_evaluation_at']],
  reportedMisses: ['checkin.reported_misses', ['enrollee_id', 'window_opens_at', 'window_closes_at']],
  worklistPeople: ['worklist.people', [
    'enrollee_id', 'a_number', 'field_office_code', 'enrollment_id', 'technology', 'enrollment_status', 'compliance_level', 'consecutive_misses',
    'last_check_in_at', 'window_closes_at', 'next_hearing_id', 'next_hearing_at', 'next_hearing_court_code', 'represented', 'level', 'reasons',
    'urgency', 'hearing_order', 'check_in_order', 'evaluated_at', 'reevaluate_at',
  ]],
  worklistHearings: ['worklist.hearings', ['hearing_id', 'a_number', 'court_code', 'scheduled_at', 'field_office_code']],
  worklistRepresentations: ['worklist.representations', ['representation_id', 'a_number']],
  worklistMissedCheckIns: ['worklist.missed_check_ins', ['enrollee_id', 'window_opens_at', 'window_closes_at']],
  worklistPartnerClients: ['worklist.partner_clients', ['representation_id', 'organization_id', 'a_number']],
  outcomesEnrollments: ['outcomes.enrollments_copy', ['enrollment_id', 'a_number', 'field_office_code', 'started_at', 'ended_at', 'end_status']],
  outcomesPeriods: ['outcomes.supervision_periods_copy', ['enrollment_id', 'started_at', 'a_number', 'technology', 'daily_cost_cents', 'ended_at']],
  outcomesCases: ['outcomes.cases_copy', ['case_id', 'a_number', 'court_code', 'notice_to_appear_date', 'decision', 'in_absentia', 'decided_at']],
  outcomesHearings: ['outcomes.hearings_copy', ['hearing_id', 'case_id', 'a_number', 'court_code', 'scheduled_at', 'status', 'attendance']],
  outcomesRepresentations: ['outcomes.representations_copy', ['representation_id', 'a_number', 'filed_at', 'withdrawn_at']],
  alertsPartnerClients: ['alerts.partner_clients', ['representation_id', 'organization_id', 'a_number']],
  alertsSupervisedPeople: ['alerts.supervised_people', ['a_number', 'field_office_code', 'active', 'enrollee_id']],
  alertsComplianceLevels: ['alerts.compliance_levels', ['enrollee_id', 'level', 'consecutive_misses']],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

export type TableKey = keyof typeof TABLES;
export const TABLE_KEYS = Object.keys(TABLES) as TableKey[];
/**
 * Tables whose rows are per person, loaded chunk by chunk (organizations and representatives are
 * loaded once, first). Enrollment's come last: the trigger on `enrollees` (enrollment migration 0005)
 * locks each office's counter row until COMMIT, so loaded first they would hold it through the
 * whole chunk and the two writers' chunks would queue behind each other instead of overlapping.
 */
export const PERSON_TABLES: TableKey[] = [
  'checkIns',
  'cases',
  'hearings',
  'representations',
  'supervisionTerms',
  'docketCases',
  'enrollmentPartnerClients',
  'docketPartnerClients',
  'checkinPartnerClients',
  'complianceStates',
  'reportedMisses',
  'worklistPeople',
  'worklistHearings',
  'worklistRepresentations',
  'worklistMissedCheckIns',
  'worklistPartnerClients',
  ...(['outcomesEnrollments', 'outcomesPeriods', 'outcomesCases', 'outcomesHearings', 'outcomesRepresentations'] as const),
  'alertsPartnerClients',
  'alertsSupervisedPeople',
  'alertsComplianceLevels',
  'enrollees',
  'enrollments',
];
