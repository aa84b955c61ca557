import { describe, expect, it } from 'vitest';
import type { NoteView } from '../api/notes';
import { rankTechniques, topCombos } from './usage';

const note = (techniques: NoteView['techniques']) => ({ techniques }) as NoteView;
const calf = [{ region: 'calf', side: 'left' }] as const;

describe('what a therapist uses most', () => {
  it('ranks used techniques first, then offered ones, then the vocabulary order', () => {
    const notes = [
      note([{ technique: 'cupping', regions: [...calf], minutes: 10, pressure: 'firm' }]),
      note([{ technique: 'cupping', regions: [...calf], minutes: 10, pressure: 'firm' }, { technique: 'swedish', regions: [...calf], minutes: 5, pressure: 'light' }]),
    ];
    expect(rankTechniques(notes, ['deep_tissue', 'trigger_point', 'swedish', 'cupping', 'stretching'], ['stretching'])).toEqual([
      'cupping', 'swedish', 'stretching', 'deep_tissue', 'trigger_point',
    ]);
  });

  it('offers combinations seen at least twice, the most frequent first', () => {
    const notes = [
      note([{ technique: 'cupping', regions: [...calf], minutes: 10, pressure: 'firm' }]),
      note([{ technique: 'cupping', regions: [...calf], minutes: 10, pressure: 'firm' }]),
      note([{ technique: 'swedish', regions: [...calf], minutes: 5, pressure: 'light' }]),
    ];
    expect(topCombos(notes)).toEqual([{ technique: 'cupping', region: 'calf', side: 'left', minutes: 10, pressure: 'firm', count: 2 }]);
  });
});
