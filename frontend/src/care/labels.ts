// Words for a plan's parts: phase names, cadences and flag kinds, as a therapist reads them.
import type { Cadence, FlagKind, PhaseKind } from '../api/types';

export const PHASE_NAMES: Record<PhaseKind, string> = {
  build: 'Build',
  taper: 'Taper',
  race: 'Race',
  recovery: 'Recovery',
  maintenance: 'Maintenance',
  rehab: 'Rehab',
};

export const FLAG_NAMES: Record<FlagKind, string> = {
  rising_pain: 'Rising pain',
  no_improvement: 'No improvement',
  avoid_contraindication: 'Avoid: contraindication',
};

/** "weekly", "every 2 weeks", "every 21–28 days"; race-relative phases say what they hold. */
export function cadenceLabel(kind: PhaseKind, cadence: Cadence): string {
  switch (cadence.kind) {
    case 'every':
      if (cadence.days === 7) return 'weekly';
      if (cadence.days % 7 === 0) return `every ${cadence.days / 7} weeks`;
      return cadence.days === 1 ? 'daily' : `every ${cadence.days} days`;
    case 'window':
      return `every ${cadence.min_days}–${cadence.max_days} days`;
    case 'race_relative':
      if (kind === 'taper') return 'one lighter session before the race';
      if (kind === 'race') return 'no session on race day';
      if (kind === 'recovery') return 'one session after the race';
      return 'around the race';
  }
}
