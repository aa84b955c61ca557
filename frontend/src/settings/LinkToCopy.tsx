// A one-time link shown for copying, and the role names the staff screens use.
import type { LinkView } from '../api/types';

export const ROLE_LABELS = { owner: 'Owner', therapist: 'Therapist', front_desk: 'Front desk' } as const;

export function LinkToCopy({ link, label }: { link: LinkView; label: string }) {
  return (
    <label className="field link-result">
      <span>{label}</span>
      <input readOnly value={link.url} onFocus={(e) => e.target.select()} />
      <span className="hint">Shown once; hand it over in person or by a channel you trust.</span>
    </label>
  );
}

