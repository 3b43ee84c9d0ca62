// The worklist: who needs attention, from the worklist read model. Filters (field office, levels,
// recent misses, hearing soon, counsel, technology, enrollment status), four orders, a page at a time.
// Each person's level in words and colour (the words carry it), with the reasons; the name links to
// the person screen, and reads "not available with this key" where the key may not see it.
import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { fieldErrors, isUnauthenticated } from '../../apollo/field-errors';
import { formatDateTime } from '../../components/dates';
import { NotAvailable } from '../../components/Field';
import { LevelBadge } from '../../components/LevelBadge';
import { Notices } from '../../components/Notices';
import { ShowMore } from '../../components/ShowMore';
import { NOT_AVAILABLE } from '../../constants';
import { FieldOfficesDocument, WorklistScreenDocument, type EnrollmentStatus, type SupervisionLevel, type Technology, type WorklistFilter, type WorklistOrder } from '../../gql/graphql';
import { Link } from '../../routing/Link';
import { useEndSessionOn401 } from '../../session';
import { enrollmentStatusWords, levelWords, reasonWords, say, technologyWords } from '../../words';

export const WORKLIST_PAGE = 25;

const orderWords: Record<WorklistOrder, string> = {
  URGENCY: 'Most urgent first',
  NEXT_HEARING: 'Soonest hearing first',
  LAST_CHECK_IN: 'Longest since check-in first',
  FAMILY_NAME: 'Family name',
};

const LEVELS = Object.keys(levelWords) as SupervisionLevel[];

export function Worklist() {
  const [filter, setFilter] = useState<WorklistFilter>({});
  const [orderBy, setOrderBy] = useState<WorklistOrder>('URGENCY');
  const offices = useQuery(FieldOfficesDocument);
  const { data, error, loading, fetchMore } = useQuery(WorklistScreenDocument, { variables: { first: WORKLIST_PAGE, filter, orderBy }, notifyOnNetworkStatusChange: true });
  useEndSessionOn401(isUnauthenticated(error) || isUnauthenticated(offices.error));
  const errors = fieldErrors(error);
  const page = data?.worklist;
  const id = useId();
  const ids = { office: `${id}-office`, order: `${id}-order`, missed: `${id}-missed`, hearing: `${id}-hearing`, counsel: `${id}-counsel`, technology: `${id}-technology`, status: `${id}-status` };

  const set = <K extends keyof WorklistFilter>(name: K, value: WorklistFilter[K] | undefined) => setFilter((f) => ({ ...f, [name]: value ?? undefined }));
  const days = (value: string) => (value ? Number(value) : undefined);
  const toggleLevel = (level: SupervisionLevel, on: boolean) => {
    const levels = new Set(filter.levels ?? []);
    if (on) levels.add(level);
    else levels.delete(level);
    set('levels', levels.size > 0 ? LEVELS.filter((l) => levels.has(l)) : undefined);
  };

  return (
    <section aria-labelledby="worklist-heading">
      <h1 id="worklist-heading">Worklist</h1>
      <form className="filters" aria-label="Worklist filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor={ids.office}>Field office</label>
          <select id={ids.office} value={filter.fieldOffice ?? ''} onChange={(e) => set('fieldOffice', e.target.value || undefined)}>
            <option value="">All</option>
            {offices.data?.fieldOffices?.map((o) => (
              <option key={o.id} value={o.code}>{`${o.name} (${o.code})`}</option>
            ))}
          </select>
        </div>
        <fieldset className="levels">
          <legend>Level</legend>
          {LEVELS.map((level) => (
            <label key={level} className="check">
              <input type="checkbox" checked={filter.levels?.includes(level) ?? false} onChange={(e) => toggleLevel(level, e.target.checked)} /> {levelWords[level]}
            </label>
          ))}
        </fieldset>
        <div>
          <label htmlFor={ids.missed}>Missed a check-in</label>
          <select id={ids.missed} value={filter.missedCheckInsWithinDays ?? ''} onChange={(e) => set('missedCheckInsWithinDays', days(e.target.value))}>
            <option value="">Any time or never</option>
            <option value="7">In the last 7 days</option>
            <option value="30">In the last 30 days</option>
            <option value="90">In the last 90 days</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.hearing}>Next hearing</label>
          <select id={ids.hearing} value={filter.hearingWithinDays ?? ''} onChange={(e) => set('hearingWithinDays', days(e.target.value))}>
            <option value="">Any time or none</option>
            <option value="7">Within 7 days</option>
            <option value="30">Within 30 days</option>
            <option value="90">Within 90 days</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.counsel}>Counsel</label>
          <select id={ids.counsel} value={filter.represented == null ? '' : String(filter.represented)} onChange={(e) => set('represented', e.target.value === '' ? undefined : e.target.value === 'true')}>
            <option value="">Either</option>
            <option value="true">Represented</option>
            <option value="false">Not represented</option>
          </select>
        </div>
        <div>
          <label htmlFor={ids.technology}>Technology</label>
          <select id={ids.technology} value={filter.technology ?? ''} onChange={(e) => set('technology', (e.target.value || undefined) as Technology | undefined)}>
            <option value="">All</option>
            {(Object.keys(technologyWords) as Technology[]).map((t) => (
              <option key={t} value={t}>
                {technologyWords[t]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.status}>Enrollment status</label>
          <select id={ids.status} value={filter.enrollmentStatus ?? ''} onChange={(e) => set('enrollmentStatus', (e.target.value || undefined) as EnrollmentStatus | undefined)}>
            <option value="">All</option>
            {(Object.keys(enrollmentStatusWords) as EnrollmentStatus[]).map((s) => (
              <option key={s} value={s}>
                {enrollmentStatusWords[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.order}>Order</label>
          <select id={ids.order} value={orderBy} onChange={(e) => setOrderBy(e.target.value as WorklistOrder)}>
            {(Object.keys(orderWords) as WorklistOrder[]).map((o) => (
              <option key={o} value={o}>
                {orderWords[o]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Notices errors={errors.others} />
      {errors.denied(['worklist']) ? (
        <p>
          The worklist is <NotAvailable />.
        </p>
      ) : (
        <p role="status" aria-live="polite" data-testid="worklist-count">
          {loading && !page ? 'Loading…' : page ? `${page.totalCount} ${page.totalCount === 1 ? 'person' : 'people'}, showing ${page.edges.length}` : ''}
        </p>
      )}
      {page && page.edges.length > 0 && (
        <table className="worklist">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Level</th>
              <th scope="col">Why</th>
              <th scope="col">Last check-in</th>
              <th scope="col">Next hearing</th>
              <th scope="col">Office</th>
              <th scope="col">Counsel</th>
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node: row }, i) => (
              <tr key={row.enrollee.id} data-level={row.level}>
                <td>
                  <Link to={`/people/${row.enrollee.aNumber}`}>
                    {errors.denied(['worklist', 'edges', i, 'node', 'enrollee', 'familyName']) ? row.enrollee.aNumber : `${row.enrollee.familyName ?? ''}, ${row.enrollee.givenName ?? ''}`}
                  </Link>
                  {errors.denied(['worklist', 'edges', i, 'node', 'enrollee', 'familyName']) && <div className="not-available">Name {NOT_AVAILABLE}</div>}
                  <div className="a-number">{row.enrollee.aNumber}</div>
                </td>
                <td>
                  <LevelBadge level={row.level} />
                </td>
                <td>
                  {row.reasons.length > 0 ? (
                    <ul className="reasons" aria-label="Reasons">
                      {row.reasons.map((r) => (
                        <li key={r} className="reason">
                          {say(reasonWords, r)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="none">Nothing to do</span>
                  )}
                  {row.consecutiveMisses >= 2 && <div className="reason">{row.consecutiveMisses} missed in a row</div>}
                </td>
                <td>{row.lastCheckInAt ? formatDateTime(row.lastCheckInAt) : 'Never'}</td>
                <td>{row.nextHearingAt ? formatDateTime(row.nextHearingAt) : 'None scheduled'}</td>
                <td>{row.fieldOfficeCode}</td>
                <td>{row.isRepresented ? 'Represented' : 'None'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShowMore pageInfo={page?.pageInfo} pageSize={WORKLIST_PAGE} loading={loading} onMore={(after) => void fetchMore({ variables: { after } })} />
    </section>
  );
}
