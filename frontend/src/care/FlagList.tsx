// Flags as a list: what kind, and the sentence the API wrote for the therapist (it names the
// region, side and technique itself).
import type { Flag } from '../api/types';
import { FLAG_NAMES } from './labels';
import './care.css';

export function FlagList({ flags, label }: { flags: readonly Flag[]; label?: string }) {
  return (
    <ul className="flag-list" aria-label={label}>
      {flags.map((f, i) => (
        <li key={`${f.kind}-${f.region ?? ''}-${f.side ?? ''}-${f.technique ?? ''}-${i}`} className={`flag flag-${f.kind}`}>
          <span className="badge severity-caution">{FLAG_NAMES[f.kind]}</span> {f.message}
        </li>
      ))}
    </ul>
  );
}
