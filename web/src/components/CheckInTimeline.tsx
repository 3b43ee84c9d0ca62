// The check-in timeline: one mark per due window, oldest left, placed by when the window opened,
// coloured and shaped by outcome (shape too, so it reads without colour), with a table of the same
// data for screen readers and keyboard users.
import type { CheckInOutcome } from '../gql/graphql';
import { outcomeWords } from '../words';
import { formatDate, formatDateTime } from './dates';

export interface TimelineCheckIn {
  id: string;
  opensAt: string;
  submittedAt?: string | null;
  outcome: CheckInOutcome;
  excuseReason?: string | null;
}

const OUTCOMES: CheckInOutcome[] = ['ON_TIME', 'LATE', 'MISSED', 'EXCUSED'];
const WIDTH = 720;
const HEIGHT = 120;
const PAD = 28;
const ROW: Record<CheckInOutcome, number> = { ON_TIME: 24, LATE: 48, EXCUSED: 72, MISSED: 96 };

function Mark({ outcome, x, y }: { outcome: CheckInOutcome; x: number; y: number }) {
  const cls = `mark outcome-${outcome.toLowerCase()}`;
  switch (outcome) {
    case 'ON_TIME':
      return <circle className={cls} cx={x} cy={y} r={7} />;
    case 'LATE':
      return <rect className={cls} x={x - 6} y={y - 6} width={12} height={12} />;
    case 'EXCUSED':
      return <polygon className={cls} points={`${x},${y - 8} ${x + 8},${y} ${x},${y + 8} ${x - 8},${y}`} />;
    case 'MISSED':
      return <path className={cls} d={`M${x - 6},${y - 6} L${x + 6},${y + 6} M${x + 6},${y - 6} L${x - 6},${y + 6}`} />;
  }
}

export function CheckInTimeline({ checkIns }: { checkIns: TimelineCheckIn[] }) {
  if (checkIns.length === 0) return <p>No check-in windows have opened yet.</p>;
  const sorted = [...checkIns].sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  const first = new Date(sorted[0]!.opensAt).getTime();
  const last = new Date(sorted.at(-1)!.opensAt).getTime();
  const span = Math.max(last - first, 1);
  const x = (instant: string) => PAD + 90 + ((new Date(instant).getTime() - first) / span) * (WIDTH - 2 * PAD - 90);
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, sorted.filter((c) => c.outcome === o).length])) as Record<CheckInOutcome, number>;
  const summary = `${sorted.length} check-in windows from ${formatDate(sorted[0]!.opensAt)} to ${formatDate(sorted.at(-1)!.opensAt)}: ${OUTCOMES.map((o) => `${counts[o]} ${outcomeWords[o].toLowerCase()}`).join(', ')}.`;
  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} data-testid="check-in-timeline">
        {OUTCOMES.map((outcome) => (
          <g key={outcome}>
            <text className="row-label" x={PAD} y={ROW[outcome] + 4}>
              {outcomeWords[outcome]}
            </text>
            <line className="row-line" x1={PAD + 80} x2={WIDTH - PAD + 10} y1={ROW[outcome]} y2={ROW[outcome]} />
          </g>
        ))}
        {sorted.map((checkIn) => (
          <g key={checkIn.id} data-outcome={checkIn.outcome}>
            <title>{`${formatDate(checkIn.opensAt)}: ${outcomeWords[checkIn.outcome]}`}</title>
            <Mark outcome={checkIn.outcome} x={x(checkIn.opensAt)} y={ROW[checkIn.outcome]} />
          </g>
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
      <details>
        <summary>Check-ins as a table</summary>
        <table>
          <caption className="visually-hidden">Check-in windows, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Window opened</th>
              <th scope="col">Submitted</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {[...sorted].reverse().map((checkIn) => (
              <tr key={checkIn.id}>
                <td>{formatDateTime(checkIn.opensAt)}</td>
                <td>{checkIn.submittedAt ? formatDateTime(checkIn.submittedAt) : '—'}</td>
                <td>
                  {outcomeWords[checkIn.outcome]}
                  {checkIn.excuseReason ? ` (${checkIn.excuseReason})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
