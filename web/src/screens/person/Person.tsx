// One person: status, check-in timeline, next hearing (court time and viewer time), counsel,
// details, check-in locations (keys allowed them), history. Each field the key may not see says so.
import { useQuery } from '@apollo/client/react';
import { fieldErrors, isUnauthenticated } from '../../apollo/field-errors';
import { CheckInTimeline } from '../../components/CheckInTimeline';
import { formatDate, formatInZone, percent, viewerTimeZone } from '../../components/dates';
import { Field, NotAvailable } from '../../components/Field';
import { NOT_AVAILABLE } from '../../constants';
import { ComplianceBadge, LevelBadge } from '../../components/LevelBadge';
import { LocationMap, type MapPoint } from '../../components/LocationMap';
import { Notices } from '../../components/Notices';
import { PersonScreenDocument } from '../../gql/graphql';
import type { ScreenProps } from '../../routes';
import { Link } from '../../routing/Link';
import { useEndSessionOn401 } from '../../session';
import { enrollmentStatusWords, formName, outcomeWords, reasonWords, representativeKindWords, say, technologyWords, words } from '../../words';

const P = 'enrolleeByANumber';

export function Person({ params }: ScreenProps) {
  const { data, error, loading } = useQuery(PersonScreenDocument, { variables: { aNumber: params.aNumber! } });
  useEndSessionOn401(isUnauthenticated(error));
  if (loading && !data) return <p className="loading">Loading…</p>;
  const errors = fieldErrors(error);
  const person = data?.enrolleeByANumber;
  if (!person) {
    return (
      <section aria-labelledby="person-missing">
        <h1 id="person-missing">No person found</h1>
        <Notices errors={errors.others} />
        <p>No person with A-number {params.aNumber} is visible with this key.</p>
        <p>
          <Link to="/people">Back to the caseload</Link>
        </p>
      </section>
    );
  }

  const checkIns = person.checkIns?.edges.map((e) => e.node) ?? [];
  const locationsDenied = errors.denied([P, 'checkIns', 'edges', '*', 'node', 'location']);
  const points: MapPoint[] = checkIns.flatMap((c) => (c.location && c.submittedAt ? [{ id: c.id, latitude: c.location.latitude, longitude: c.location.longitude, at: c.submittedAt }] : []));
  const status = person.supervisionStatus;
  const hearing = person.nextHearing;
  const counsel = person.representation;
  const viewerZone = viewerTimeZone();

  return (
    <article aria-labelledby="person-name" className="person">
      <p>
        <Link to="/people">← Caseload</Link>
      </p>
      <h1 id="person-name">
        {errors.denied([P, 'familyName']) ? <span className="not-available">Name {NOT_AVAILABLE}</span> : `${person.givenName ?? ''} ${person.familyName ?? ''}`}{' '}
        <span className="a-number">{person.aNumber}</span>
      </h1>
      <Notices errors={errors.others} />

      <section aria-labelledby="status-heading" className="card">
        <h2 id="status-heading">Supervision status</h2>
        {status ? (
          <>
            <p>
              <LevelBadge level={status.level} />
            </p>
            {status.reasons.length > 0 && (
              <ul aria-label="Reasons" className="reasons">
                {status.reasons.map((r) => (
                  <li key={r}>{say(reasonWords, r)}</li>
                ))}
              </ul>
            )}
          </>
        ) : errors.denied([P, 'supervisionStatus']) ? (
          <NotAvailable />
        ) : (
          <p>Not known right now.</p>
        )}
        <dl>
          <Field label="Enrollment">
            {person.currentEnrollment &&
              `${say(enrollmentStatusWords, person.currentEnrollment.status)}, ${say(technologyWords, person.currentEnrollment.technology)}, ${words(person.currentEnrollment.checkInCadence)} check-ins, ${person.currentEnrollment.daysEnrolled} days`}
          </Field>
          <Field label="Field office">{person.fieldOffice && `${person.fieldOffice.name} (${person.fieldOffice.code})`}</Field>
        </dl>
      </section>

      <section aria-labelledby="checkins-heading" className="card wide">
        <h2 id="checkins-heading">Check-ins</h2>
        {errors.denied([P, 'checkIns']) ? (
          <NotAvailable />
        ) : (
          <>
            <dl className="inline">
              <Field label="Compliance">{person.compliance && <ComplianceBadge level={person.compliance.level} />}</Field>
              <Field label="On time, 30 days">{person.compliance && percent(person.compliance.onTimeRate30d)}</Field>
              <Field label="On time, 90 days">{person.compliance && percent(person.compliance.onTimeRate90d)}</Field>
              <Field label="Missed, 30 days">{person.compliance?.missedLast30d}</Field>
              <Field label="Missed in a row">{person.compliance?.consecutiveMisses}</Field>
              <Field label="Next due">{person.nextCheckInDue && formatDate(person.nextCheckInDue.opensAt)}</Field>
            </dl>
            <h3>Last {checkIns.length} of {person.checkIns?.totalCount ?? 0} windows</h3>
            <div className="legend" aria-hidden="true">
              {(['ON_TIME', 'LATE', 'EXCUSED', 'MISSED'] as const).map((o) => (
                <span key={o} className={`legend-item outcome-${o.toLowerCase()}`}>
                  {say(outcomeWords, o)}
                </span>
              ))}
            </div>
            <CheckInTimeline checkIns={checkIns.flatMap((c) => (c.dueWindow && c.outcome ? [{ id: c.id, opensAt: c.dueWindow.opensAt, submittedAt: c.submittedAt, outcome: c.outcome, excuseReason: c.excuseReason }] : []))} />
          </>
        )}
      </section>

      <section aria-labelledby="hearing-heading" className="card">
        <h2 id="hearing-heading">Next hearing</h2>
        {errors.denied([P, 'nextHearing']) ? (
          <NotAvailable />
        ) : hearing ? (
          <dl>
            <Field label="Court">{hearing.court && `${hearing.court.name}, ${hearing.court.address?.city ?? ''}, ${hearing.court.address?.state ?? ''}`}</Field>
            <Field label={`Court time (${hearing.timeZone})`}>
              <span data-testid="hearing-court-time">{formatInZone(hearing.scheduledAt, hearing.timeZone)}</span>
            </Field>
            <Field label={`Your time (${viewerZone})`}>
              <span data-testid="hearing-viewer-time">{formatInZone(hearing.scheduledAt, viewerZone)}</span>
            </Field>
            <Field label="Calendar">{`${words(hearing.calendar)} hearing, ${words(hearing.medium).toLowerCase()}`}</Field>
            <Field label="Courtroom">{hearing.courtroom}</Field>
          </dl>
        ) : (
          <p>No hearing scheduled.</p>
        )}
      </section>

      <section aria-labelledby="counsel-heading" className="card">
        <h2 id="counsel-heading">Counsel</h2>
        {errors.denied([P, 'representation']) ? (
          <NotAvailable />
        ) : counsel ? (
          <dl>
            <Field label="Representative">{counsel.representative && `${counsel.representative.givenName} ${counsel.representative.familyName}, ${say(representativeKindWords, counsel.representative.kind)}`}</Field>
            <Field label="Organization">{counsel.organization?.name}</Field>
            <Field label="Filed">{`${formName(counsel.form)} on ${formatDate(counsel.filedAt)}`}</Field>
          </dl>
        ) : (
          <p>Not represented.</p>
        )}
      </section>

      <section aria-labelledby="details-heading" className="card">
        <h2 id="details-heading">Personal details</h2>
        <dl>
          <Field label="Date of birth" denied={errors.denied([P, 'dateOfBirth'])}>
            {person.dateOfBirth}
          </Field>
          <Field label="Phone" denied={errors.denied([P, 'phone'])}>
            {person.phone}
          </Field>
          <Field label="Address" denied={errors.denied([P, 'address'])}>
            {person.address && [person.address.line1, person.address.city, person.address.state, person.address.postalCode].filter(Boolean).join(', ')}
          </Field>
          <Field label="Preferred language">{person.preferredLanguage}</Field>
        </dl>
      </section>

      <section aria-labelledby="map-heading" className="card">
        <h2 id="map-heading">Check-in locations</h2>
        {locationsDenied || errors.denied([P, 'checkIns']) ? <NotAvailable /> : <LocationMap points={points} />}
      </section>

      <section aria-labelledby="history-heading" className="card wide">
        <h2 id="history-heading">History</h2>
        <h3>Enrollments</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Technology</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(person.enrollments ?? []).map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.startedAt)}</td>
                <td>{e.endedAt ? `${formatDate(e.endedAt)}${e.endReason ? ` (${e.endReason})` : ''}` : '—'}</td>
                <td>{say(technologyWords, e.technology)}</td>
                <td>{say(enrollmentStatusWords, e.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Past hearings</h3>
        {errors.denied([P, 'pastHearings']) ? (
          <NotAvailable />
        ) : (person.pastHearings?.edges.length ?? 0) === 0 ? (
          <p>None.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Date (court time)</th>
                <th scope="col">Court</th>
                <th scope="col">Status</th>
                <th scope="col">Attendance</th>
              </tr>
            </thead>
            <tbody>
              {person.pastHearings!.edges.map(({ node: h }) => (
                <tr key={h.id}>
                  <td>{`${h.localDate ?? ''} ${h.localTime?.slice(0, 5) ?? ''}`}</td>
                  <td>{h.court?.name ?? '—'}</td>
                  <td>{words(h.status)}</td>
                  <td>{h.attendance ? words(h.attendance) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>Representation</h3>
        {errors.denied([P, 'representationHistory']) ? (
          <NotAvailable />
        ) : (person.representationHistory?.length ?? 0) === 0 ? (
          <p>None on file.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Filed</th>
                <th scope="col">Representative</th>
                <th scope="col">Organization</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {person.representationHistory!.map((r) => (
                <tr key={r.id}>
                  <td>{`${formName(r.form)}, ${formatDate(r.filedAt)}`}</td>
                  <td>{r.representative ? `${r.representative.givenName} ${r.representative.familyName}` : '—'}</td>
                  <td>{r.organization?.name ?? '—'}</td>
                  <td>{r.withdrawnAt ? formatDate(r.withdrawnAt) : r.isActive ? 'Active' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
