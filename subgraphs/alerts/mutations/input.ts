// Validation shared by the endpoint mutations: each failure names its input field.
import { GraphQLError } from 'graphql';
import { badUserInput, domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import fieldOffices from '../../enrollment/db/field-offices.json' with { type: 'json' };
import { checkDestination, OutboundRefused, outboundPolicy } from '../delivery/outbound-policy.js';
import { wireType, type AlertTypeName } from '../delivery/event-types.js';
import type { Owner } from '../repository.js';

const MAX_URL_LENGTH = 2_048;
const FIELD_OFFICES = new Set(fieldOffices.map((office) => office.code));

/** A URL the endpoint may be registered with: https, and resolving to public addresses only (outbound-policy.ts). */
export async function webhookUrl(value: string, field: string): Promise<string> {
  const text = value.trim();
  if (!text || text.length > MAX_URL_LENGTH) throw badUserInput(`"${field}" must be a URL of 1 to ${MAX_URL_LENGTH} characters`, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badUserInput(`"${field}" is not a URL`, field);
  }
  try {
    await checkDestination(url, outboundPolicy());
  } catch (error) {
    if (error instanceof OutboundRefused) throw domainError(ErrorCode.WEBHOOK_URL_REFUSED, error.message, field);
    throw error;
  }
  return url.toString();
}

export function alertTypes(values: readonly AlertTypeName[], field: string): string[] {
  if (!values.length) throw badUserInput(`"${field}" must name at least one alert type`, field);
  return [...new Set(values)].map(wireType);
}

/** The new endpoint's owner: the partner's organisation, or the field office a staff key names. */
export function newOwner(owner: Owner, fieldOfficeCode: string | null | undefined): { organizationId: string | null; fieldOfficeCode: string | null } {
  if ('organizationId' in owner) {
    if (fieldOfficeCode) throw badUserInput('"input.fieldOfficeCode" is for staff keys: a partner endpoint hears about its own clients', 'input.fieldOfficeCode');
    return { organizationId: owner.organizationId, fieldOfficeCode: null };
  }
  const code = fieldOfficeCode?.trim().toUpperCase() ?? '';
  if (!code) throw badUserInput('"input.fieldOfficeCode" is required for a staff endpoint: which field office\'s people to hear about', 'input.fieldOfficeCode');
  if (!FIELD_OFFICES.has(code)) throw badUserInput(`"input.fieldOfficeCode" is not an ERO field office code: ${JSON.stringify(code)}`, 'input.fieldOfficeCode');
  return { organizationId: null, fieldOfficeCode: code };
}

export const endpointNotFound = (field = 'id'): GraphQLError => domainError(ErrorCode.NOT_FOUND, `No webhook endpoint of yours has the id given in "${field}"`, field);
