// One span per SQL statement a subgraph sends, hooked in at the driver (db.ts) so it covers
// drizzle, transactions and both drivers alike. A span names the statement by its operation and
// first table only ("SELECT enrollment.enrollees"): never the parameters, and never the SQL text,
// so no literal can reach a trace whatever a query is written like.
import { trace } from '@opentelemetry/api';
import { inSpan, SpanKind, tracingEnabled } from './tracing.js';

const OPERATIONS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'SET', 'CREATE', 'ALTER', 'DROP', 'LOCK', 'COPY', 'EXPLAIN']);
const IDENTIFIER = String.raw`(?:"[A-Za-z_][A-Za-z0-9_]*"|[A-Za-z_][A-Za-z0-9_]*)`;
const TABLE = String.raw`(${IDENTIFIER}(?:\.${IDENTIFIER})?)`;
const TABLE_AFTER: Record<string, RegExp> = {
  SELECT: new RegExp(String.raw`\bfrom\s+${TABLE}`, 'i'),
  WITH: new RegExp(String.raw`\bfrom\s+${TABLE}`, 'i'),
  DELETE: new RegExp(String.raw`\bfrom\s+${TABLE}`, 'i'),
  INSERT: new RegExp(String.raw`\binto\s+${TABLE}`, 'i'),
  UPDATE: new RegExp(String.raw`^\s*update\s+${TABLE}`, 'i'),
};

export interface StatementSummary {
  operation: string;
  table?: string;
}

/** Operation and first table of a statement; string literals and comments are removed before looking. */
export function summarizeStatement(text: string): StatementSummary {
  const code = text.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const keyword = /^[\s(]*([A-Za-z]+)/.exec(code)?.[1]?.toUpperCase() ?? '';
  const operation = OPERATIONS.has(keyword) ? keyword : 'OTHER';
  const table = TABLE_AFTER[operation]?.exec(code)?.[1]?.replaceAll('"', '').toLowerCase();
  return table ? { operation, table } : { operation };
}

// Subgraphs send a few dozen distinct statement texts; summarise each once.
const summaries = new Map<string, StatementSummary>();
const MAX_SUMMARIES = 1_000;

function summaryOf(first: unknown): StatementSummary {
  const text = typeof first === 'object' && first !== null && 'text' in first ? String((first as { text: unknown }).text) : String(first);
  let summary = summaries.get(text);
  if (!summary) {
    summary = summarizeStatement(text);
    if (summaries.size < MAX_SUMMARIES) summaries.set(text, summary);
  }
  return summary;
}

/** Runs one driver call (`query(first, ...)`) inside a span describing it, when tracing is on and a request is being traced. */
export function traceStatement<T>(first: unknown, run: () => T): T | Promise<T> {
  // Statements outside any request (migrations at boot) would each be a trace of one span: not kept.
  if (!tracingEnabled() || !trace.getActiveSpan()) return run();
  const { operation, table } = summaryOf(first);
  const name = table ? `${operation} ${table}` : operation;
  const attributes = { 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.summary': name, ...(table ? { 'db.collection.name': table } : {}) };
  return inSpan('postgresql', name, SpanKind.CLIENT, attributes, async () => run());
}
