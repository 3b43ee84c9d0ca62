// The body of each alert: the A-number, what changed (times as instants and as the court's wall
// clock, with its time zone), the domain event's id and time, and a GraphQL query that fetches the
// rest through the gateway with the partner's own key. Never a name, contact detail or location.
import type { CheckInMissedData, ComplianceChangedData } from '../../checkin/events/published.js';
import type { CloudEvent } from '../../shared/events/envelope.js';
import { atCourt, courtFacts } from './courts.js';
import type { WireType } from './event-types.js';

export interface AlertBody {
  type: WireType;
  /** The change's time in its domain (the event's time). */
  timestamp: string;
  data: Record<string, unknown> & { eventId: string | null; aNumber: string | null; query: { query: string; variables: Record<string, unknown> } | null };
}

const PERSON_HEARINGS = `query AlertHearings($aNumber: ANumber!) {
  enrolleeByANumber(aNumber: $aNumber) {
    aNumber
    nextHearing { id scheduledAt localDate localTime timeZone calendar medium status court { code name } }
    hearings(when: ALL, first: 10) { edges { node { id scheduledAt localDate localTime timeZone calendar medium status attendance } } }
  }
}`;

const PERSON_SUPERVISION = `query AlertSupervision($aNumber: ANumber!) {
  enrolleeByANumber(aNumber: $aNumber) {
    aNumber
    currentEnrollment { status technology checkInCadence startedAt endedAt }
    isRepresented
  }
}`;

const PERSON_CHECK_INS = `query AlertCheckIns($aNumber: ANumber!) {
  enrolleeByANumber(aNumber: $aNumber) {
    aNumber
    compliance { level consecutiveMisses missedLast30d onTimeRate30d onTimeRate90d }
    nextCheckInDue { opensAt closesAt }
    lastCheckIn { submittedAt outcome }
  }
}`;

const fetchRest = (query: string, aNumber: string) => ({ query, variables: { aNumber } });

interface HearingFacts {
  hearingId: string;
  caseId: string;
  aNumber: string;
  courtCode: string;
  scheduledAt: string;
  calendar: string;
  medium: string;
}

function hearingFacts(data: HearingFacts) {
  const court = courtFacts(data.courtCode);
  return { court, hearing: { id: data.hearingId, caseId: data.caseId, calendar: data.calendar, medium: data.medium, court } };
}

/**
 * What this domain's copies say about the person a check-in event (which names only the enrollee
 * id) is about: the A-number (alerts.supervised_people) and, for ComplianceChanged, the level and run
 * of misses check-in published before this change (alerts.compliance_levels; null when none was).
 */
export interface CheckinPerson {
  aNumber: string;
  previous: { level: string | null; consecutiveMisses: number } | null;
}

/**
 * The alerts one domain event becomes, by wire type, each with its body; empty when it is none.
 * Check-in's events need `person` (none without it: nobody this domain knows of).
 */
export function alertsFor(event: CloudEvent, person: CheckinPerson | null = null): { type: WireType; aNumber: string; organizationId?: string | null; body: AlertBody }[] {
  const envelope = (type: WireType, aNumber: string, data: Record<string, unknown>, query: string | null) => ({
    type,
    aNumber,
    body: { type, timestamp: event.time, data: { eventId: event.id, eventType: event.type, aNumber, ...data, query: query ? fetchRest(query, aNumber) : null } } as AlertBody,
  });
  switch (event.type) {
    case 'HearingScheduled': {
      const data = event.data as HearingFacts;
      const { court, hearing } = hearingFacts(data);
      return [envelope('hearing.scheduled', data.aNumber, { hearing, previous: null, current: { hearingId: data.hearingId, ...atCourt(data.scheduledAt, court) } }, PERSON_HEARINGS)];
    }
    case 'HearingRescheduled': {
      const data = event.data as HearingFacts & { previousScheduledAt: string; replacementHearingId: string };
      const { court, hearing } = hearingFacts(data);
      return [
        envelope(
          'hearing.rescheduled',
          data.aNumber,
          {
            hearing,
            previous: { hearingId: data.hearingId, status: 'ADJOURNED', ...atCourt(data.previousScheduledAt, court) },
            current: { hearingId: data.replacementHearingId, status: 'SCHEDULED', ...atCourt(data.scheduledAt, court) },
          },
          PERSON_HEARINGS,
        ),
      ];
    }
    case 'HearingOutcomeRecorded': {
      const data = event.data as { hearingId: string; caseId: string; aNumber: string; attendance: string; caseStatus: string; decision: string | null; cancelledHearingIds: string[] };
      const outcome = {
        hearing: { id: data.hearingId, caseId: data.caseId },
        attendance: data.attendance,
        failedToAppear: data.attendance === 'FAILED_TO_APPEAR',
        caseStatus: data.caseStatus,
        decision: data.decision,
        // A removal order entered while the respondent failed to appear is an order in absentia.
        inAbsentia: data.decision === 'REMOVAL_ORDERED' && data.attendance === 'FAILED_TO_APPEAR',
      };
      const alerts = [envelope('hearing.outcome_recorded', data.aNumber, outcome, PERSON_HEARINGS)];
      if (data.cancelledHearingIds.length) {
        alerts.push(envelope('hearing.cancelled', data.aNumber, { caseId: data.caseId, cancelledHearingIds: data.cancelledHearingIds, because: 'CASE_DECIDED' }, PERSON_HEARINGS));
      }
      return alerts;
    }
    case 'EnrollmentEnded': {
      const data = event.data as { enrollmentId: string; aNumber: string; status: string; endedAt: string };
      return [envelope('enrollment.ended', data.aNumber, { enrollmentId: data.enrollmentId, status: data.status, endedAt: data.endedAt }, PERSON_SUPERVISION)];
    }
    case 'RepresentationWithdrawn': {
      const data = event.data as { representationId: string; aNumber: string; organizationId: string | null; caseId: string | null; withdrawnAt: string };
      if (!data.organizationId) return [];
      // After a withdrawal the organisation can no longer read the person: no query to run.
      const alert = envelope('representation.withdrawn', data.aNumber, { representationId: data.representationId, caseId: data.caseId, withdrawnAt: data.withdrawnAt }, null);
      return [{ ...alert, organizationId: data.organizationId }];
    }
    case 'CheckInMissed': {
      if (!person) return [];
      const data = event.data as CheckInMissedData;
      // A window is due from its opening (what a check-in is recorded against) until it closes.
      return [envelope('checkin.missed', person.aNumber, { window: { dueAt: data.windowOpensAt, closesAt: data.windowClosesAt } }, PERSON_CHECK_INS)];
    }
    case 'ComplianceChanged': {
      if (!person) return [];
      const data = event.data as ComplianceChangedData;
      const previousLevel = person.previous?.level ?? null;
      // Check-in publishes a change when only the current window moved (every window close) or the
      // run of misses grew; an alert is owed when the level itself changed.
      if (previousLevel === data.level) return [];
      return [
        envelope(
          'compliance.changed',
          person.aNumber,
          {
            previous: { level: previousLevel, consecutiveMisses: person.previous?.consecutiveMisses ?? null },
            current: { level: data.level, consecutiveMisses: data.consecutiveMisses },
            evaluatedAt: data.evaluatedAt,
            nextWindowClosesAt: data.windowClosesAt,
          },
          PERSON_CHECK_INS,
        ),
      ];
    }
    default:
      return [];
  }
}

/** The body of a `sendTestWebhook` delivery. */
export function testBody(endpointId: string, at: Date): AlertBody {
  return { type: 'webhook.test', timestamp: at.toISOString(), data: { eventId: null, aNumber: null, endpointId, query: null } };
}
