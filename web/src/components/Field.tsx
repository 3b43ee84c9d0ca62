import type { ReactNode } from 'react';

import { NOT_AVAILABLE } from '../constants';

/** What a screen shows where the key may not see a field: words, never an error page. */
export function NotAvailable() {
  return <span className="not-available">{NOT_AVAILABLE}</span>;
}

/** One labelled value in a <dl>: the value, "not available with this key", or a dash for none. */
export function Field({ label, denied, children }: { label: string; denied?: boolean; children?: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{denied ? <NotAvailable /> : children ?? <span className="none">none</span>}</dd>
    </div>
  );
}
