// Home-care kinds as people read them (the enum's wire values are the ids).
import type { HomeCareKind } from '../api/notes';

export const HOME_CARE_KINDS: readonly { id: HomeCareKind; label: string }[] = [
  { id: 'stretching', label: 'Stretching' },
  { id: 'foam_rolling', label: 'Foam rolling' },
  { id: 'ball_release', label: 'Ball release' },
  { id: 'hydration', label: 'Hydration' },
  { id: 'rest', label: 'Rest' },
  { id: 'ice', label: 'Ice' },
  { id: 'footwear_check', label: 'Footwear check' },
];
