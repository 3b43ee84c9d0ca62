// Enum values in words, for people. Typed by the generated enums, so a new value fails typecheck here.
import type { AlertType, CheckInOutcome, ComplianceLevel, SupervisionAtTime, SupervisionLevel, SupervisionReason, Technology, EnrollmentStatus, RepresentativeKind, WebhookDeliveryStatus, WebhookEndpointStatus } from './gql/graphql';

export const levelWords: Record<SupervisionLevel, string> = {
  ON_TRACK: 'On track',
  NEEDS_ATTENTION: 'Needs attention',
  URGENT: 'Urgent',
  NOT_SUPERVISED: 'Not supervised',
};

export const reasonWords: Record<SupervisionReason, string> = {
  NO_ACTIVE_ENROLLMENT: 'No active enrollment',
  ABSCONDED: 'Absconded',
  NON_COMPLIANT: 'Not complying with check-ins',
  AT_RISK_OF_NON_COMPLIANCE: 'At risk of not complying',
  CONSECUTIVE_MISSED_CHECK_INS: 'Missed check-ins in a row',
  HEARING_WITHIN_7_DAYS: 'Hearing within 7 days',
  NO_HEARING_SCHEDULED: 'No hearing scheduled',
};

export const complianceWords: Record<ComplianceLevel, string> = {
  COMPLIANT: 'Compliant',
  AT_RISK: 'At risk',
  NON_COMPLIANT: 'Not compliant',
};

export const outcomeWords: Record<CheckInOutcome, string> = {
  ON_TIME: 'On time',
  LATE: 'Late',
  MISSED: 'Missed',
  EXCUSED: 'Excused',
};

export const technologyWords: Record<Technology, string> = {
  SMARTLINK: 'SmartLINK app',
  GPS_ANKLE_MONITOR: 'GPS ankle monitor',
  VOICE_ID: 'VoiceID',
  WRISTWORN: 'Wrist-worn device',
  NO_TECH: 'No technology',
};

export const enrollmentStatusWords: Record<EnrollmentStatus, string> = {
  ACTIVE: 'Active',
  TRANSITIONED_OUT: 'Transitioned out',
  TERMINATED: 'Terminated',
  ABSCONDED: 'Absconded',
};

export const representativeKindWords: Record<RepresentativeKind, string> = {
  ATTORNEY: 'Attorney',
  ACCREDITED_REPRESENTATIVE: 'Accredited representative',
};

/** A screaming-case value nobody wrote words for, made readable; a missing one is a dash. */
export const words = (value: string | null | undefined) => (value ? value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ') : '—');

/** `map[value]`, or a dash where the value is missing (null where the schema allows it). */
export const say = <K extends string>(map: Record<K, string>, value: K | null | undefined) => (value ? map[value] : '—');

/** A form code as printed (`EOIR_28` → `EOIR-28`). */
export const formName = (form: string | null | undefined) => form?.replace('_', '-') ?? '—';

export const alertTypeWords: Record<AlertType, string> = {
  HEARING_SCHEDULED: 'Hearing scheduled',
  HEARING_RESCHEDULED: 'Hearing rescheduled',
  HEARING_CANCELLED: 'Hearing cancelled',
  HEARING_OUTCOME_RECORDED: 'Hearing held',
  CHECK_IN_MISSED: 'Check-in missed',
  COMPLIANCE_CHANGED: 'Compliance level changed',
  ENROLLMENT_ENDED: 'Supervision ended',
  REPRESENTATION_WITHDRAWN: 'Representation ended',
};

export const endpointStatusWords: Record<WebhookEndpointStatus, string> = {
  ACTIVE: 'Active',
  DISABLED: 'Disabled',
};

export const deliveryStatusWords: Record<WebhookDeliveryStatus, string> = {
  PENDING: 'Pending',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
  CANCELLED: 'Not sent',
};

export const supervisionAtTimeWords: Record<SupervisionAtTime, string> = {
  ON_ATD: 'On ATD',
  AFTER_ATD: 'After ATD',
  NEVER_ENROLLED: 'Never enrolled',
};
