// GET /exports/supervision-outcomes.csv: the supervisionOutcomes table as CSV, for researchers. The
// request is run as a GraphQL operation through the gateway's own request path (the same API-key
// authentication, rate limits, request limits, field rules, metrics and request log as a POST to
// /graphql), so the outcomes subgraph's disclosure control is the only source of the figures and
// nothing here could show more than the API does. One row per cell; a withheld value is empty.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export const SUPERVISION_OUTCOMES_CSV_PATH = '/exports/supervision-outcomes.csv';

const RATE = 'numerator denominator rate lower95 upper95 suppressed';
const OPERATION = `query SupervisionOutcomesExport($groupBy: [OutcomeDimension!]!, $fiscalYear: Int, $detentionDailyCost: Float, $averageDetentionDays: Float) {
  supervisionOutcomes(groupBy: $groupBy, fiscalYear: $fiscalYear, detentionDailyCost: $detentionDailyCost, averageDetentionDays: $averageDetentionDays) {
    asOf disclosure
    rows {
      represented supervision technology fieldOfficeCode courtCode fiscalYear month
      appearanceRate { ${RATE} } attendanceRate { ${RATE} } inAbsentiaRate { ${RATE} } absconderRate { ${RATE} } caseOpenAtExitRate { ${RATE} }
      lengthInProgram { enrollmentsEnded averageDays averageMonths suppressed }
      cost { people personDays atdCost detentionCostSameDays detentionCostAverageStay suppressed }
    }
  }
}`;

/** The columns, in order: each is documented in the README ("Does it work?", the export). */
const DIMENSION_COLUMNS = [
  ['REPRESENTATION', 'represented', 'represented'],
  ['SUPERVISION', 'supervision', 'supervision'],
  ['TECHNOLOGY', 'technology', 'technology'],
  ['FIELD_OFFICE', 'field_office_code', 'fieldOfficeCode'],
  ['COURT', 'court_code', 'courtCode'],
  ['FISCAL_YEAR', 'fiscal_year', 'fiscalYear'],
  ['MONTH', 'month', 'month'],
] as const;
const RATES = [
  ['appearance', 'appearanceRate'],
  ['attendance', 'attendanceRate'],
  ['in_absentia', 'inAbsentiaRate'],
  ['absconder', 'absconderRate'],
  ['case_open_at_exit', 'caseOpenAtExitRate'],
] as const;
const RATE_PARTS = ['numerator', 'denominator', 'rate', 'lower95', 'upper95', 'suppressed'] as const;
const LENGTH_PARTS = [['enrollments_ended', 'enrollmentsEnded'], ['average_days', 'averageDays'], ['average_months', 'averageMonths'], ['suppressed', 'suppressed']] as const;
const COST_PARTS = [['people', 'people'], ['person_days', 'personDays'], ['atd_dollars', 'atdCost'], ['detention_same_days_dollars', 'detentionCostSameDays'], ['detention_average_stay_dollars', 'detentionCostAverageStay'], ['suppressed', 'suppressed']] as const;

export function csvColumns(groupBy: readonly string[]): string[] {
  return [
    ...DIMENSION_COLUMNS.filter(([d]) => groupBy.includes(d)).map(([, column]) => column),
    ...RATES.flatMap(([name]) => RATE_PARTS.map((part) => `${name}_${part}`)),
    ...LENGTH_PARTS.map(([column]) => `length_in_program_${column}`),
    ...COST_PARTS.map(([column]) => `cost_${column}`),
    'as_of',
    'disclosure',
  ];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Row = Record<string, any>;

function toCsv(groupBy: readonly string[], table: { asOf: string; disclosure: string; rows: Row[] }): string {
  const lines = [csvColumns(groupBy).join(',')];
  for (const row of table.rows) {
    const values = [
      ...DIMENSION_COLUMNS.filter(([d]) => groupBy.includes(d)).map(([, , field]) => row[field]),
      ...RATES.flatMap(([, field]) => RATE_PARTS.map((part) => row[field][part])),
      ...LENGTH_PARTS.map(([, field]) => row.lengthInProgram[field]),
      ...COST_PARTS.map(([, field]) => row.cost?.[field]),
      table.asOf,
      table.disclosure,
    ];
    lines.push(values.map(cell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function variablesOf(url: URL): Record<string, unknown> {
  const groupBy = url.searchParams.getAll('groupBy').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const number = (name: string) => {
    const raw = url.searchParams.get(name);
    return raw === null || raw === '' ? undefined : Number(raw);
  };
  return { groupBy, fiscalYear: number('fiscalYear'), detentionDailyCost: number('detentionDailyCost'), averageDetentionDays: number('averageDetentionDays') };
}

/** A route handler for listen(): answers the export, passes everything else. */
export function supervisionOutcomesCsvRoute<C extends BaseContext>(apollo: ApolloServer<C>, context: (req: IncomingMessage) => Promise<C>) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== SUPERVISION_OUTCOMES_CSV_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return true;
    }
    const variables = variablesOf(url);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    // A POST of JSON, as a client's: CSRF prevention has nothing to object to, the operation is a query.
    headers.set('content-type', 'application/json');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body: { query: OPERATION, variables, operationName: 'SupervisionOutcomesExport' } },
      context: () => context(req),
    });
    const body = result.body.kind === 'complete' ? result.body.string : '';
    const parsed = body ? (JSON.parse(body) as { data?: { supervisionOutcomes?: { asOf: string; disclosure: string; rows: Row[] } | null }; errors?: { extensions?: { code?: string } }[] }) : {};
    const table = parsed.data?.supervisionOutcomes;
    if (!table) {
      // Refused (no key, no scope, over a limit, bad arguments): the JSON errors, with the status they carry.
      const forbidden = parsed.errors?.some((e) => e.extensions?.code === 'FORBIDDEN');
      for (const [key, value] of result.headers) if (key !== 'content-length') res.setHeader(key, value);
      res.writeHead(forbidden ? 403 : result.status && result.status !== 200 ? result.status : 400, { 'content-type': 'application/json' }).end(body);
      return true;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': 'attachment; filename="supervision-outcomes.csv"',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : toCsv(variables.groupBy as string[], table));
    return true;
  };
}
