import type { ReactNode } from 'react';

/**
 * A long table or list kept to a readable height, scrolling inside (its header row stays in view). Focusable and named,
 * so it can be scrolled from the keyboard and found by screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll long-list" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
