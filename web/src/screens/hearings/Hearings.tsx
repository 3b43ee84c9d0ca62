// The hearings calendar: scheduled hearings of the coming days, soonest first, grouped by the court's
// local date, each in the court's time (what the notice says) and the viewer's. A partner key sees its
// clients' hearings; any other key everyone's, or one field office's people's.
import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { fieldErrors, isUnauthenticated } from '../../apollo/field-errors';
import { formatInZone, viewerTimeZone } from '../../components/dates';
import { NotAvailable } from '../../components/Field';
import { Notices } from '../../components/Notices';
import { ShowMore } from '../../components/ShowMore';
import { NOT_AVAILABLE } from '../../constants';
import { FieldOfficesDocument, HearingsCalendarDocument } from '../../gql/graphql';
import { Link } from '../../routing/Link';
import { useEndSessionOn401 } from '../../session';
import { words } from '../../words';

export const HEARINGS_PAGE = 25;

/** A court-local date (`2026-12-03`) as people read it, without moving it to another zone. */
const dayWords = (date: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

export function Hearings() {
  const [withinDays, setWithinDays] = useState(30);
  const [fieldOffice, setFieldOffice] = useState('');
  const offices = useQuery(FieldOfficesDocument);
  const { data, error, loading, fetchMore } = useQuery(HearingsCalendarDocument, {
    variables: { first: HEARINGS_PAGE, withinDays, fieldOffice: fieldOffice || undefined },
    notifyOnNetworkStatusChange: true,
  });
  useEndSessionOn401(isUnauthenticated(error) || isUnauthenticated(offices.error));
  const errors = fieldErrors(error);
  const page = data?.upcomingHearings;
  const id = useId();
  const viewerZone = viewerTimeZone();

  const hearings = page?.edges.map((e, i) => ({ hearing: e.node, i })) ?? [];
  const days = [...new Set(hearings.map(({ hearing }) => hearing.localDate ?? ''))];

  return (
    <section aria-labelledby="hearings-heading">
      <h1 id="hearings-heading">Hearings</h1>
      <p className="help">Scheduled hearings of the coming days, soonest first: each in the court's own time and in yours ({viewerZone}).</p>
      <form className="filters" aria-label="Choose the hearings" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor={`${id}-within`}>Coming</label>
          <select id={`${id}-within`} value={withinDays} onChange={(e) => setWithinDays(Number(e.target.value))}>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="366">Year</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-office`}>Field office</label>
          <select id={`${id}-office`} value={fieldOffice} onChange={(e) => setFieldOffice(e.target.value)}>
            <option value="">All</option>
            {offices.data?.fieldOffices?.map((o) => (
              <option key={o.id} value={o.code}>{`${o.name} (${o.code})`}</option>
            ))}
          </select>
        </div>
      </form>
      <Notices errors={errors.others} />
      {errors.denied(['upcomingHearings']) ? (
        <p>
          Hearings are <NotAvailable />.
        </p>
      ) : (
        <p role="status" aria-live="polite" data-testid="hearings-count">
          {loading && !page ? 'Loading…' : page ? `${page.totalCount} ${page.totalCount === 1 ? 'hearing' : 'hearings'}, showing ${page.edges.length}` : ''}
        </p>
      )}
      {days.map((day) => (
        <section key={day} aria-labelledby={`${id}-${day}`} className="day">
          <h2 id={`${id}-${day}`}>{day ? dayWords(day) : 'Date not known'}</h2>
          <table className="hearings">
            <thead>
              <tr>
                <th scope="col">Court time</th>
                <th scope="col">Your time ({viewerZone})</th>
                <th scope="col">Court</th>
                <th scope="col">Person</th>
                <th scope="col">Hearing</th>
              </tr>
            </thead>
            <tbody>
              {hearings
                .filter(({ hearing }) => (hearing.localDate ?? '') === day)
                .map(({ hearing: h, i }) => {
                  const nameDenied = errors.denied(['upcomingHearings', 'edges', i, 'node', 'respondent', 'familyName']);
                  return (
                    <tr key={h.id} data-hearing-id={h.id} data-scheduled-at={h.scheduledAt ?? ''} data-time-zone={h.timeZone ?? ''}>
                      <td>
                        <span className="court-time">{formatInZone(h.scheduledAt, h.timeZone)}</span>
                        <div className="zone">{h.timeZone}</div>
                      </td>
                      <td className="viewer-time">{formatInZone(h.scheduledAt, viewerZone)}</td>
                      <td>{h.court ? `${h.court.name} (${h.court.code})` : '—'}</td>
                      <td>
                        {errors.denied(['upcomingHearings', 'edges', i, 'node', 'respondent']) ? (
                          <NotAvailable />
                        ) : h.respondent ? (
                          <>
                            <Link to={`/people/${h.respondent.aNumber}`}>{nameDenied ? h.respondent.aNumber : `${h.respondent.familyName ?? ''}, ${h.respondent.givenName ?? ''}`}</Link>
                            {nameDenied && <div className="not-available">Name {NOT_AVAILABLE}</div>}
                            <div className="a-number">{h.respondent.aNumber}</div>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>{`${words(h.calendar)}, ${words(h.medium).toLowerCase()}${h.courtroom ? `, courtroom ${h.courtroom}` : ''}`}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </section>
      ))}
      <ShowMore pageInfo={page?.pageInfo} pageSize={HEARINGS_PAGE} loading={loading} onMore={(after) => void fetchMore({ variables: { after } })} />
    </section>
  );
}
