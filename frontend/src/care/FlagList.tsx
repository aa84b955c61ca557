// Flags as a list: what kind, where, and the sentence the API wrote for the therapist.
import type { Flag, Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { areaName } from '../bodymap/model';
import { FLAG_NAMES } from './labels';
import './care.css';

export function flagWhere(flag: Flag, vocabulary: Vocabulary): string {
  if (!flag.region) return '';
  const region = labelOf(vocabulary.body_regions, flag.region);
  const where = flag.side ? areaName(region, flag.side) : region;
  return flag.technique ? `${where}, ${labelOf(vocabulary.techniques, flag.technique)}` : where;
}

export function FlagList({ flags, vocabulary, label }: { flags: readonly Flag[]; vocabulary: Vocabulary; label?: string }) {
  return (
    <ul className="flag-list" aria-label={label}>
      {flags.map((f, i) => (
        <li key={`${f.kind}-${f.region ?? ''}-${f.side ?? ''}-${f.technique ?? ''}-${i}`} className={`flag flag-${f.kind}`}>
          <span className="badge severity-caution">{FLAG_NAMES[f.kind]}</span>{' '}
          {flagWhere(f, vocabulary) ? <strong>{flagWhere(f, vocabulary)}: </strong> : null}
          {f.message}
        </li>
      ))}
    </ul>
  );
}
