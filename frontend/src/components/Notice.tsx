import type { ReactNode } from 'react';
import { AlertIcon } from './Icons';

/** An error or empty state: what happened and what to do, optionally with an action. */
export function Notice({ tone, title, children, action, role }: { tone: 'error' | 'info'; title: string; children?: ReactNode; action?: ReactNode; role?: 'alert' | 'status' }) {
  return (
    <div className={`notice notice-${tone}`} role={role}>
      {tone === 'error' && <AlertIcon size={20} className="notice-icon" />}
      <div>
        <p className="notice-title">{title}</p>
        {children && <div className="notice-body">{children}</div>}
        {action && <div className="notice-action">{action}</div>}
      </div>
    </div>
  );
}
