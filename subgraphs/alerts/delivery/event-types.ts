// The alert types an endpoint can subscribe to: the GraphQL enum value and the `type` a delivery's
// body carries on the wire (dotted, as Standard Webhooks' examples name event types).
export const ALERT_TYPES = {
  HEARING_SCHEDULED: 'hearing.scheduled',
  HEARING_RESCHEDULED: 'hearing.rescheduled',
  HEARING_CANCELLED: 'hearing.cancelled',
  HEARING_OUTCOME_RECORDED: 'hearing.outcome_recorded',
  ENROLLMENT_ENDED: 'enrollment.ended',
  REPRESENTATION_WITHDRAWN: 'representation.withdrawn',
  CHECK_IN_MISSED: 'checkin.missed',
  COMPLIANCE_CHANGED: 'compliance.changed',
} as const;

export type AlertTypeName = keyof typeof ALERT_TYPES;
export type WireType = (typeof ALERT_TYPES)[AlertTypeName] | 'webhook.test';

export const TEST_TYPE = 'webhook.test' as const;

const byWire = new Map<string, AlertTypeName>(Object.entries(ALERT_TYPES).map(([name, wire]) => [wire, name as AlertTypeName]));

export const wireType = (name: AlertTypeName): WireType => ALERT_TYPES[name];
/** The enum value for a wire type; `webhook.test` has none (it is sent only when asked for). */
export const alertTypeName = (wire: string): AlertTypeName | null => byWire.get(wire) ?? null;
