// Proposed sessions, each with its reason, to tick and accept or turn down. A proposal the
// API refused (its time was taken) is marked on its row.
import type { ProposalView } from '../api/types';
import { dayLabel, localDateOf, timeIn } from '../calendar/zone';
import { PHASE_NAMES } from './labels';

interface Props {
  proposals: readonly ProposalView[];
  selected: ReadonlySet<string>;
  onToggle: (key: string) => void;
  clashKey: string | null;
  zone: string;
  nameOf: { service: (id: string) => string; therapist: (id: string) => string };
}

export function proposalWhen(p: ProposalView, zone: string): string {
  return `${dayLabel(localDateOf(new Date(p.starts_at), zone))}, ${timeIn(p.starts_at, zone)}–${timeIn(p.ends_at, zone)}`;
}

export function ProposalList({ proposals, selected, onToggle, clashKey, zone, nameOf }: Props) {
  return (
    <ul className="proposal-list">
      {proposals.map((p) => {
        const id = `proposal-${p.key.replace(/[^a-zA-Z0-9-]/g, '-')}`;
        return (
          <li key={p.key} className={p.key === clashKey ? 'clash' : undefined}>
            <input id={id} type="checkbox" checked={selected.has(p.key)} onChange={() => onToggle(p.key)}
              aria-describedby={`${id}-reason`} />
            <label htmlFor={id}>
              <strong>{proposalWhen(p, zone)}</strong> · {nameOf.service(p.service_id)} · {nameOf.therapist(p.therapist_id)}
            </label>
            <p id={`${id}-reason`} className="reason">
              <span className={`badge phase-badge phase-${p.phase}`}>{PHASE_NAMES[p.phase]}</span> {p.reason}
              {p.key === clashKey ? <strong className="field-error clash-note">This time is no longer free: it is unticked.</strong> : null}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
