// Technique names as people read them. /v1/vocabulary currently answers each technique's id as
// its label ("deep_tissue"), so an id-like label is turned into words here.
import type { Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';

export function techniqueLabel(vocabulary: Vocabulary, id: string): string {
  const label = labelOf(vocabulary.techniques, id);
  if (label !== id && !label.includes('_')) return label;
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
