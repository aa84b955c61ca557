// A note in a few lines: what the sign dialog, the conflict view and the signed note show.
import type { Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { areaName } from '../bodymap/model';
import { techniqueLabel } from './techniqueLabel';
import type { NoteDraft } from './model';
import { HOME_CARE_KINDS } from './homeCare';

export interface SummaryLine {
  label: string;
  value: string;
}

export function summarise(draft: NoteDraft, vocabulary: Vocabulary): SummaryLine[] {
  const place = (region: string, side: string) =>
    areaName(labelOf(vocabulary.body_regions, region), side as 'left');
  const rate = (n: number | null) => (n === null ? 'not rated' : String(n));
  return [
    { label: 'Session', value: `${draft.session_date}, ${draft.duration_minutes} min` },
    {
      label: 'Pain before → after',
      value: draft.pain.map((p) => `${place(p.region, p.side)} ${rate(p.before)} → ${rate(p.after)}`).join('; ') || 'None',
    },
    {
      label: 'Techniques',
      value:
        draft.techniques
          .map((t) => `${techniqueLabel(vocabulary, t.technique)}, ${t.regions.map((r) => place(r.region, r.side).toLowerCase()).join(' and ')}, ${t.minutes} min, ${t.pressure}`)
          .join('; ') || 'None',
    },
    { label: 'Subjective', value: draft.subjective || '—' },
    { label: 'Objective', value: draft.objective || '—' },
    { label: 'Assessment', value: draft.assessment || '—' },
    { label: 'Plan', value: draft.plan || '—' },
    {
      label: 'Home care',
      value:
        draft.home_care
          .map((h) => `${HOME_CARE_KINDS.find((k) => k.id === h.kind)?.label ?? h.kind}${h.details ? `: ${h.details}` : ''}`)
          .join('; ') || 'None',
    },
    { label: 'Next visit', value: draft.next_visit_in_days ? `in ${draft.next_visit_in_days} days` : '—' },
  ];
}

/** What must be done before signing: every rated region needs its pain after. */
export function unfinished(draft: NoteDraft, vocabulary: Vocabulary): string[] {
  return draft.pain
    .filter((p) => p.before !== null && p.after === null)
    .map((p) => `Rate pain after for ${areaName(labelOf(vocabulary.body_regions, p.region), p.side).toLowerCase()}.`);
}

