// The caller's webhook endpoints (a partner's organisation's; every field office's for staff) with
// their most recent deliveries, read-only. A key without `alerts:manage` (a developer's) gets
// "not available with this key" in place of the list.
import { useQuery } from '@apollo/client/react';
import { fieldErrors, isUnauthenticated } from '../../apollo/field-errors';
import { formatDateTime } from '../../components/dates';
import { Field, NotAvailable } from '../../components/Field';
import { Notices } from '../../components/Notices';
import { WebhookEndpointsScreenDocument } from '../../gql/graphql';
import { useEndSessionOn401 } from '../../session';
import { alertTypeWords, deliveryStatusWords, endpointStatusWords, say } from '../../words';

const PAGE = 20;
const DELIVERIES = 10;

export function Webhooks() {
  const { data, error, loading, fetchMore } = useQuery(WebhookEndpointsScreenDocument, { variables: { first: PAGE, deliveries: DELIVERIES }, notifyOnNetworkStatusChange: true });
  useEndSessionOn401(isUnauthenticated(error));
  const errors = fieldErrors(error);
  const page = data?.viewer?.webhookEndpoints;
  const denied = errors.denied(['viewer', 'webhookEndpoints']) || errors.denied(['viewer']);

  return (
    <section aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhook endpoints</h1>
      <p className="help">Where alerts about hearings and supervision are sent, and what was sent lately. Endpoints are registered through the API (createWebhookEndpoint).</p>
      <Notices errors={errors.others} />
      {denied ? (
        <p data-testid="webhooks-denied">
          Webhook endpoints are <NotAvailable />.
        </p>
      ) : loading && !page ? (
        <p className="loading">Loading…</p>
      ) : page && page.edges.length === 0 ? (
        <p>No webhook endpoints registered.</p>
      ) : null}
      {!denied &&
        page?.edges.map(({ node: endpoint }) => (
          <section key={endpoint.id} className="card endpoint" aria-labelledby={`endpoint-${endpoint.id}`}>
            <h2 id={`endpoint-${endpoint.id}`}>
              <code>{endpoint.url}</code>
            </h2>
            <dl className="inline">
              <Field label="Status">
                <span className={`badge endpoint-${endpoint.status.toLowerCase()}`}>{endpointStatusWords[endpoint.status]}</span>
                {endpoint.disabledReason && ` (${endpoint.disabledReason}, ${formatDateTime(endpoint.disabledAt)})`}
              </Field>
              <Field label="Description">{endpoint.description || null}</Field>
              <Field label="Alerts">{endpoint.eventTypes.map((t) => say(alertTypeWords, t)).join(', ')}</Field>
              <Field label="Hears about">{endpoint.fieldOfficeCode ? `Field office ${endpoint.fieldOfficeCode}` : 'Its clients'}</Field>
              <Field label="Failing since">{endpoint.failingSince && formatDateTime(endpoint.failingSince)}</Field>
              <Field label="Registered">{formatDateTime(endpoint.createdAt)}</Field>
            </dl>
            <h3>Recent deliveries</h3>
            {endpoint.deliveries.edges.length === 0 ? (
              <p className="none">None yet.</p>
            ) : (
              <table className="deliveries">
                <thead>
                  <tr>
                    <th scope="col">Alert</th>
                    <th scope="col">Person</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Last tried</th>
                  </tr>
                </thead>
                <tbody>
                  {endpoint.deliveries.edges.map(({ node: d }) => (
                    <tr key={d.id}>
                      <td>
                        <code>{d.eventType}</code>
                      </td>
                      <td>{d.aNumber ?? '—'}</td>
                      <td>
                        <span className={`badge delivery-${d.status.toLowerCase()}`}>{deliveryStatusWords[d.status]}</span>
                      </td>
                      <td>{d.attempts}</td>
                      <td>{d.lastResponseStatus != null ? `HTTP ${d.lastResponseStatus}` : d.lastError ?? '—'}</td>
                      <td>{formatDateTime(d.deliveredAt ?? d.lastAttemptAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
      {!denied && page?.pageInfo.hasNextPage && (
        <button type="button" disabled={loading} onClick={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
          {loading ? 'Loading…' : `Show ${PAGE} more`}
        </button>
      )}
      {denied && <p className="help">A key with the alerts:manage scope (staff or partner) lists them here.</p>}
    </section>
  );
}
