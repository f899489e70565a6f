export type ConfidenceLevel = 'high' | 'medium' | 'low';

/** 0.8 and above is high, below 0.5 low: the bands the badge colours and the screen-reader text use. */
export function confidenceLevel(confidence: number): ConfidenceLevel {
  if (!Number.isFinite(confidence)) return 'low';
  return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : 'low';
}

/** 0.853 → "85%". */
export const confidencePercent = (confidence: number) => (Number.isFinite(confidence) ? `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%` : '—');
