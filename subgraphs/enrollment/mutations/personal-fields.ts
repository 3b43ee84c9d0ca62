// The personal fields of `enroll`'s input: checked for form whether or not the person is new (bad
// input is refused even where it would be ignored), required names only when the person is new.
import type { AuditChanges } from '../../shared/audit.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { optionalText, requiredText } from '../../shared/validate.js';
import type { EnrollInput } from '../generated/resolvers-types.js';
import type { NewEnrollee } from '../repository.js';

const NAME_MAX = 200;
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** What a new person's row takes from the input. */
export type PersonalFields = Omit<NewEnrollee, 'id' | 'aNumber' | 'fieldOfficeCode' | 'createdAt'>;

/** The personal fields as given: the names may be missing (they are needed only for a new person). */
export type GivenPersonalFields = Omit<PersonalFields, 'givenName' | 'familyName'> & { givenName: string | null; familyName: string | null };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function dateOfBirth(value: Date | null | undefined, now: Date): string | null {
  if (!value) return null;
  const date = isoDate(value);
  if (date < EARLIEST_BIRTH_DATE) throw badUserInput(`"input.dateOfBirth" cannot be before ${EARLIEST_BIRTH_DATE}`, 'input.dateOfBirth');
  if (date > isoDate(now)) throw badUserInput('"input.dateOfBirth" cannot be in the future', 'input.dateOfBirth');
  return date;
}

function language(value: string | null | undefined): string | null {
  const code = optionalText(value, 'input.preferredLanguage', 2)?.toLowerCase() ?? null;
  if (code !== null && !/^[a-z]{2}$/.test(code)) {
    throw badUserInput('"input.preferredLanguage" must be a two-letter ISO 639-1 code such as "es"', 'input.preferredLanguage');
  }
  return code;
}

// The PhoneNumber scalar accepts loose spellings ("555-0123"); what is stored is E.164, as Enrollee.phone promises.
function phone(value: string | null | undefined): string | null {
  if (value == null) return null;
  const e164 = value.replace(/[\s\-().]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) throw badUserInput('"input.phone" must be an E.164 number with its country code, such as +13125550123', 'input.phone');
  return e164;
}

function address(value: EnrollInput['address']) {
  if (!value) return { addressLine1: null, addressLine2: null, city: null, state: null, postalCode: null };
  const addressLine1 = requiredText(value.line1, 'input.address.line1', NAME_MAX);
  const addressLine2 = optionalText(value.line2, 'input.address.line2', NAME_MAX);
  const city = requiredText(value.city, 'input.address.city', NAME_MAX);
  const state = value.state.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(state)) throw badUserInput('"input.address.state" must be a two-letter state code such as "IL"', 'input.address.state');
  const postalCode = optionalText(value.postalCode, 'input.address.postalCode', 10);
  if (postalCode !== null && !/^\d{5}(-\d{4})?$/.test(postalCode)) {
    throw badUserInput('"input.address.postalCode" must be a ZIP code: five digits, or ZIP+4 (60601-1234)', 'input.address.postalCode');
  }
  return { addressLine1, addressLine2, city, state, postalCode };
}

/** The personal fields given, trimmed and checked; names may still be null here. */
export function personalFields(input: EnrollInput, now: Date): GivenPersonalFields {
  return {
    givenName: optionalText(input.givenName, 'input.givenName', NAME_MAX),
    familyName: optionalText(input.familyName, 'input.familyName', NAME_MAX),
    dateOfBirth: dateOfBirth(input.dateOfBirth, now),
    countryOfCitizenship: input.countryOfCitizenship ?? null,
    preferredLanguage: language(input.preferredLanguage),
    phone: phone(input.phone),
    ...address(input.address),
  };
}

/** The fields of a person about to be created: here the names are required. */
export function newPersonFields(fields: GivenPersonalFields): PersonalFields {
  return {
    ...fields,
    givenName: requiredText(fields.givenName, 'input.givenName', NAME_MAX),
    familyName: requiredText(fields.familyName, 'input.familyName', NAME_MAX),
  };
}

/** The audit entry for a new person's personal data: which fields were given, never their values. */
export function redactedPersonalFields(fields: PersonalFields): AuditChanges {
  const given: Record<string, unknown> = {
    givenName: fields.givenName,
    familyName: fields.familyName,
    dateOfBirth: fields.dateOfBirth,
    countryOfCitizenship: fields.countryOfCitizenship,
    preferredLanguage: fields.preferredLanguage,
    phone: fields.phone,
    address: fields.city,
  };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value != null).map(([field]) => [field, { redacted: true }]));
}
