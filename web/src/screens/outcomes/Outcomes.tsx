// "Does it work?": the outcome table (Query.supervisionOutcomes) for everyone, one fiscal year or all,
// as bar charts and numbers: appearance and attendance by representation and by supervision status,
// the absconder rate, and what supervision cost against detention. Disclosure control is the outcomes
// subgraph's: a withheld cell reads "suppressed", never a zero. The CSV export needs the key in the
// Authorization header, so it is fetched and saved from a blob; the key never goes into a URL.
import { useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { fieldErrors, isUnauthenticated } from '../../apollo/field-errors';
import { formatDateTime } from '../../components/dates';
import { NotAvailable } from '../../components/Field';
import { Notices } from '../../components/Notices';
import { OutcomesScreenDocument, type OutcomeDimension, type OutcomesScreenQuery } from '../../gql/graphql';
import { useEndSessionOn401, useSession } from '../../session';
import { say, supervisionAtTimeWords } from '../../words';

export const SUPPRESSED = 'suppressed';

type Row = NonNullable<OutcomesScreenQuery['supervisionOutcomes']>['rows'][number];
type Rate = Row['appearanceRate'];

/** The federal fiscal year a date falls in (October 1 starts the next one). */
const fiscalYearOf = (date: Date) => date.getUTCFullYear() + (date.getUTCMonth() >= 9 ? 1 : 0);
const dollars = (value: number | null | undefined) => (value == null ? '—' : new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value));
const count = (value: number | null | undefined) => (value == null ? '—' : new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value));
const pct = (rate: number | null | undefined) => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** One rate: a bar (its 95% interval marked) and the figures in words; "suppressed" when withheld. */
function RateCell({ rate }: { rate: Rate }) {
  if (rate.suppressed) return <span className="suppressed">{SUPPRESSED}</span>;
  if (rate.rate == null) return <span className="none">no cases</span>;
  return (
    <div className="rate">
      <div className="bar" aria-hidden="true">
        <span className="bar-fill" style={{ width: `${rate.rate * 100}%` }} />
        {rate.lower95 != null && rate.upper95 != null && <span className="bar-ci" style={{ left: `${rate.lower95 * 100}%`, width: `${(rate.upper95 - rate.lower95) * 100}%` }} />}
      </div>
      <span className="rate-value">{pct(rate.rate)}</span>{' '}
      <span className="rate-parts">
        {count(rate.numerator)} of {count(rate.denominator)}
        {rate.lower95 != null && rate.upper95 != null && `, 95% CI ${pct(rate.lower95)}–${pct(rate.upper95)}`}
      </span>
    </div>
  );
}

function RateTable({ caption, rows, label, testId }: { caption: string; rows: Row[]; label: (row: Row) => string; testId: string }) {
  return (
    <table className="outcomes" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Appearance (people at every hearing)</th>
          <th scope="col">Attendance (hearings attended)</th>
          <th scope="col">Absconded (of enrollments ended)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={label(row)} data-group={label(row)}>
            <th scope="row">{label(row)}</th>
            <td data-measure="appearance">
              <RateCell rate={row.appearanceRate} />
            </td>
            <td data-measure="attendance">
              <RateCell rate={row.attendanceRate} />
            </td>
            <td data-measure="absconder">
              <RateCell rate={row.absconderRate} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CostChart({ cost }: { cost: NonNullable<Row['cost']> }) {
  if (cost.suppressed) return <p className="suppressed">Cost {SUPPRESSED}</p>;
  const bars = [
    ['ATD supervision, those days', cost.atdCost],
    ['Detention, the same days', cost.detentionCostSameDays],
    ['Detention, an average stay each', cost.detentionCostAverageStay],
  ] as const;
  const max = Math.max(...bars.map(([, v]) => v ?? 0), 1);
  return (
    <>
      <p>
        {count(cost.people)} people supervised for {count(cost.personDays)} person-days.
      </p>
      <table className="cost" data-testid="cost">
        <caption>What it cost, in US dollars</caption>
        <tbody>
          {bars.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <div className="bar wide" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${((value ?? 0) / max) * 100}%` }} />
                </div>
                <span className="rate-value">{dollars(value)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function useOutcomes(groupBy: OutcomeDimension[], fiscalYear: number | undefined) {
  return useQuery(OutcomesScreenDocument, { variables: { groupBy, fiscalYear } });
}

export function Outcomes() {
  const { key, config } = useSession();
  const thisYear = fiscalYearOf(new Date());
  const [fiscalYear, setFiscalYear] = useState<number | undefined>(undefined);
  const overall = useOutcomes([], fiscalYear);
  const byRepresentation = useOutcomes(['REPRESENTATION'], fiscalYear);
  const bySupervision = useOutcomes(['SUPERVISION'], fiscalYear);
  const queries = [overall, byRepresentation, bySupervision];
  useEndSessionOn401(queries.some((q) => isUnauthenticated(q.error)));
  const errors = queries.map((q) => fieldErrors(q.error));
  const denied = errors.some((e) => e.denied(['supervisionOutcomes']));
  const id = useId();
  const [download, setDownload] = useState<string | undefined>();

  const total = overall.data?.supervisionOutcomes;
  const totalRow = total?.rows[0];
  const onAtd = bySupervision.data?.supervisionOutcomes?.rows.find((r) => r.supervision === 'ON_ATD');

  const exportCsv = async () => {
    setDownload('Preparing the CSV…');
    const url = new URL('exports/supervision-outcomes.csv', new URL(config.graphqlUrl, window.location.href));
    url.searchParams.set('groupBy', 'REPRESENTATION,SUPERVISION');
    if (fiscalYear !== undefined) url.searchParams.set('fiscalYear', String(fiscalYear));
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${key}` }, credentials: 'omit', cache: 'no-store' });
      if (!response.ok) {
        setDownload(response.status === 403 ? 'The CSV is not available with this key.' : `The CSV could not be made (HTTP ${response.status}).`);
        return;
      }
      const blob = await response.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `supervision-outcomes${fiscalYear !== undefined ? `-fy${fiscalYear}` : ''}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setDownload('CSV downloaded.');
    } catch {
      setDownload('The CSV could not be downloaded.');
    }
  };

  return (
    <section aria-labelledby="outcomes-heading" className="outcomes-screen">
      <h1 id="outcomes-heading">Does it work?</h1>
      <p className="help">
        Outcomes over everyone the system knows of, never one person. Cells from 1 to 10 people, or that could be worked out from the others, read “{SUPPRESSED}”.
      </p>
      <form className="filters" aria-label="Choose the period" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor={`${id}-fy`}>Fiscal year</label>
          <select id={`${id}-fy`} value={fiscalYear ?? ''} onChange={(e) => setFiscalYear(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">All years</option>
            {[thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((fy) => (
              <option key={fy} value={fy}>{`FY${fy} (Oct ${fy - 1} – Sep ${fy})`}</option>
            ))}
          </select>
        </div>
        <div>
          <button type="button" onClick={() => void exportCsv()} disabled={denied}>
            Download CSV
          </button>
        </div>
      </form>
      <p role="status" aria-live="polite" data-testid="download-status">
        {download}
      </p>
      <Notices errors={errors.flatMap((e) => e.others)} />
      {denied ? (
        <p>
          The outcome figures are <NotAvailable />.
        </p>
      ) : queries.some((q) => q.loading && !q.data) ? (
        <p className="loading">Loading…</p>
      ) : (
        <>
          {total && (
            <p data-testid="outcomes-as-of">
              Counted to {formatDateTime(total.asOf)}; disclosure rule {total.disclosure === 'SUPPRESS_UNDER_11' ? 'small counts suppressed' : 'counts rounded to 10'}.
            </p>
          )}
          <section aria-labelledby={`${id}-overall`} className="card">
            <h2 id={`${id}-overall`}>Everyone</h2>
            {totalRow ? <RateTable caption="All people" rows={[totalRow]} label={() => 'Everyone'} testId="outcomes-overall" /> : <p>No figures yet.</p>}
          </section>
          <section aria-labelledby={`${id}-rep`} className="card">
            <h2 id={`${id}-rep`}>With and without counsel</h2>
            <RateTable
              caption="By representation at the time"
              rows={byRepresentation.data?.supervisionOutcomes?.rows ?? []}
              label={(row) => (row.represented == null ? 'Not known' : row.represented ? 'Represented' : 'Not represented')}
              testId="outcomes-representation"
            />
          </section>
          <section aria-labelledby={`${id}-sup`} className="card">
            <h2 id={`${id}-sup`}>On ATD, after it, never</h2>
            <RateTable caption="By supervision status at the time" rows={bySupervision.data?.supervisionOutcomes?.rows ?? []} label={(row) => say(supervisionAtTimeWords, row.supervision)} testId="outcomes-supervision" />
          </section>
          <section aria-labelledby={`${id}-cost`} className="card">
            <h2 id={`${id}-cost`}>Cost against detention</h2>
            {onAtd?.cost ? <CostChart cost={onAtd.cost} /> : totalRow?.cost ? <CostChart cost={totalRow.cost} /> : <p>No supervision days counted.</p>}
          </section>
        </>
      )}
    </section>
  );
}
