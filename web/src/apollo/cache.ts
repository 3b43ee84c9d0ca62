// The recommended Apollo Client cache settings for this gateway: copy this module, or import it.
//
// - keyFields: every type with an `id` normalizes by it (Apollo's default); Enrollee, Court and
//   FieldOffice are spelled out because screens reach them many ways (a caseload row, a person, a
//   court calendar) and must land on one entry. Court and FieldOffice `id`s equal their codes.
// - merge: SupervisionStatus and Compliance have no identity of their own (they are computed per
//   person), so two operations selecting different fields of them must merge into the one object
//   the person holds rather than replace it. Without this Apollo warns "Cache data may be lost when
//   replacing the supervisionStatus field of a Enrollee object" and a later readQuery returns null.
//   Representation is keyed by its id.
// - relayStylePagination on every connection field, keyed by the arguments that pick *which* list it
//   is (a filter, a court and day), so `fetchMore({ variables: { after } })` appends pages.
//   test/web-cache.e2e.test.ts fails when schema/api.graphql grows a connection field not listed here.
import { InMemoryCache, type InMemoryCacheConfig, type TypePolicies } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

export const typePolicies: TypePolicies = {
  Query: {
    fields: {
      enrollees: relayStylePagination(['filter']),
      courtCalendar: relayStylePagination(['courtCode', 'date']),
      legalOrganizations: relayStylePagination(),
      enrollmentAuditEvents: relayStylePagination(['enrolleeId', 'aNumber', 'operation']),
      checkInAuditEvents: relayStylePagination(['enrolleeId', 'operation']),
      docketAuditEvents: relayStylePagination(['aNumber', 'operation']),
      legalAuditEvents: relayStylePagination(['aNumber', 'operation']),
      worklist: relayStylePagination(['filter', 'orderBy']),
      upcomingHearings: relayStylePagination(['withinDays', 'fieldOffice']),
    },
  },
  Enrollee: {
    keyFields: ['id'],
    fields: {
      checkIns: relayStylePagination(),
      hearings: relayStylePagination(['when']),
    },
  },
  Court: { keyFields: ['id'] },
  FieldOffice: { keyFields: ['id'] },
  Representation: { keyFields: ['id'] },
  LegalOrganization: {
    fields: {
      clients: relayStylePagination(),
    },
  },
  // One caller per session (the store is reset at sign-out), whatever key fields a query selects.
  Viewer: {
    keyFields: [],
    fields: {
      webhookEndpoints: relayStylePagination(),
    },
  },
  WebhookEndpoint: {
    fields: {
      deliveries: relayStylePagination(),
    },
  },
  SupervisionStatus: { merge: true },
  Compliance: { merge: true },
};

export const cacheConfig: InMemoryCacheConfig = { typePolicies };

/** A new cache with the recommended settings (one per client; tests make one each). */
export function createCache(): InMemoryCache {
  return new InMemoryCache(cacheConfig);
}
