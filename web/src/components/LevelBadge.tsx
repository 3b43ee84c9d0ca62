import type { ComplianceLevel, SupervisionLevel } from '../gql/graphql';
import { complianceWords, levelWords } from '../words';

/** A level in words and colour (the words carry the meaning; the colour only repeats it). */
export function LevelBadge({ level }: { level: SupervisionLevel }) {
  return <span className={`badge level-${level.toLowerCase()}`}>{levelWords[level]}</span>;
}

export function ComplianceBadge({ level }: { level: ComplianceLevel }) {
  return <span className={`badge compliance-${level.toLowerCase()}`}>{complianceWords[level]}</span>;
}
