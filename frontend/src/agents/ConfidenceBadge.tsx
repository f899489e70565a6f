import { confidenceLevel, confidencePercent } from './confidence';

/** How sure the agent was, as a percentage with its band (high, medium, low) in words, never colour alone. */
export function ConfidenceBadge({ confidence }: { confidence: number }) {
  const level = confidenceLevel(confidence);
  return (
    <span className={`badge confidence confidence-${level}`} title={`${level} confidence`}>
      {confidencePercent(confidence)}
      <span className="visually-hidden"> confidence ({level})</span>
    </span>
  );
}
