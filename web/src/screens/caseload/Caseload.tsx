// The caseload: people, filtered by what EnrolleeFilter offers today (field office, technology,
// enrollment status), a page at a time, and an A-number to open. Who needs attention first is the
// worklist screen's (screens/worklist/), on the worklist read model's filters and orders.
import { useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { fieldErrors, isUnauthenticated } from '../../apollo/field-errors';
import { percent } from '../../components/dates';
import { ComplianceBadge, LevelBadge } from '../../components/LevelBadge';
import { Notices } from '../../components/Notices';
import { ShowMore } from '../../components/ShowMore';
import { NOT_AVAILABLE } from '../../constants';
import { CaseloadDocument, FieldOfficesDocument, type EnrolleeFilter, type EnrollmentStatus, type Technology } from '../../gql/graphql';
import { Link } from '../../routing/Link';
import { navigate } from '../../routing/router';
import { useEndSessionOn401 } from '../../session';
import { enrollmentStatusWords, reasonWords, say, technologyWords } from '../../words';

const PAGE = 25;

export function Caseload() {
  const [filter, setFilter] = useState<EnrolleeFilter>({});
  const offices = useQuery(FieldOfficesDocument);
  const { data, error, loading, fetchMore } = useQuery(CaseloadDocument, { variables: { first: PAGE, filter }, notifyOnNetworkStatusChange: true });
  useEndSessionOn401(isUnauthenticated(error) || isUnauthenticated(offices.error));
  const errors = fieldErrors(error);
  const page = data?.enrollees;
  const ids = { office: useId(), technology: useId(), status: useId(), find: useId() };
  const [aNumber, setANumber] = useState('');

  const set = (name: keyof EnrolleeFilter) => (value: string) => setFilter((f) => ({ ...f, [name]: value || undefined }));
  const find = (event: FormEvent) => {
    event.preventDefault();
    if (aNumber.trim()) navigate(`/people/${encodeURIComponent(aNumber.trim())}`);
  };

  return (
    <section aria-labelledby="caseload-heading">
      <h1 id="caseload-heading">Caseload</h1>
      <form className="find" onSubmit={find} role="search" aria-label="Find a person">
        <label htmlFor={ids.find}>A-number</label>
        <input id={ids.find} value={aNumber} onChange={(e) => setANumber(e.target.value)} placeholder="A123456789" autoComplete="off" />
        <button type="submit">Open</button>
      </form>
      <form className="filters" aria-label="Filter the caseload" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor={ids.office}>Field office</label>
          <select id={ids.office} value={filter.fieldOffice ?? ''} onChange={(e) => set('fieldOffice')(e.target.value)}>
            <option value="">All</option>
            {offices.data?.fieldOffices?.map((o) => (
              <option key={o.id} value={o.code}>{`${o.name} (${o.code})`}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.technology}>Technology</label>
          <select id={ids.technology} value={filter.technology ?? ''} onChange={(e) => set('technology')(e.target.value)}>
            <option value="">All</option>
            {(Object.keys(technologyWords) as Technology[]).map((t) => (
              <option key={t} value={t}>
                {say(technologyWords, t)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.status}>Enrollment status</label>
          <select id={ids.status} value={filter.status ?? ''} onChange={(e) => set('status')(e.target.value)}>
            <option value="">All</option>
            {(Object.keys(enrollmentStatusWords) as EnrollmentStatus[]).map((s) => (
              <option key={s} value={s}>
                {say(enrollmentStatusWords, s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Notices errors={errors.others} />
      <p role="status" aria-live="polite" data-testid="caseload-count">
        {loading && !page ? 'Loading…' : page ? `${page.totalCount} ${page.totalCount === 1 ? 'person' : 'people'}, showing ${page.edges.length}` : ''}
      </p>
      {page && page.edges.length > 0 && (
        <table className="caseload">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Status</th>
              <th scope="col">Check-ins</th>
              <th scope="col">Next hearing</th>
              <th scope="col">Counsel</th>
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node: p }, row) => (
              <tr key={p.id}>
                <td>
                  {errors.denied(['enrollees', 'edges', row, 'node', 'familyName']) ? (
                    <>
                      <Link to={`/people/${p.aNumber}`}>{p.aNumber}</Link>
                      <div className="not-available">Name {NOT_AVAILABLE}</div>
                    </>
                  ) : (
                    <Link to={`/people/${p.aNumber}`}>{`${p.familyName ?? ''}, ${p.givenName ?? ''}`}</Link>
                  )}
                  <div className="a-number">{p.aNumber}</div>
                </td>
                <td>
                  {p.supervisionStatus ? <LevelBadge level={p.supervisionStatus.level} /> : '—'}
                  {p.supervisionStatus?.reasons.map((r) => (
                    <div key={r} className="reason">
                      {say(reasonWords, r)}
                    </div>
                  ))}
                </td>
                <td>
                  {p.compliance ? (
                    <>
                      <ComplianceBadge level={p.compliance.level} /> <span>{percent(p.compliance.onTimeRate30d)} on time</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{p.nextHearing ? `${p.nextHearing.localDate ?? ''} ${p.nextHearing.localTime?.slice(0, 5) ?? ''}, ${p.nextHearing.court?.name ?? ''}` : 'None scheduled'}</td>
                <td>{p.representation ? `${p.representation.representative?.familyName ?? ''}${p.representation.organization ? `, ${p.representation.organization.name}` : ''}` : p.isRepresented === false ? 'None' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShowMore pageInfo={page?.pageInfo} pageSize={PAGE} loading={loading} onMore={(after) => void fetchMore({ variables: { after } })} />
    </section>
  );
}
