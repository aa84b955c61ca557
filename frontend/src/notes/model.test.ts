import { describe, expect, it } from 'vitest';
import type { NoteView } from '../api/notes';
import { copyFromLast, emptyDraft, minutesUsed, painPointer, prefillPain, toNoteInput } from './model';

const base = emptyDraft('c', '2026-12-03', 60, 'b');

describe('the note while it is written', () => {
  it('sends only rated pain, with after equal to before until after is rated, and empty text as null', () => {
    const draft = {
      ...base,
      subjective: '  Sore heel ',
      next_visit_in_days: '14',
      pain: [
        { region: 'calf', side: 'left', before: null, after: null },
        { region: 'heel', side: 'left', before: 6, after: null },
        { region: 'arch', side: 'left', before: 4, after: 2 },
      ],
    } satisfies typeof base;
    const input = toNoteInput(draft);
    expect(input.pain).toEqual([
      { region: 'heel', side: 'left', before: 6, after: 6 },
      { region: 'arch', side: 'left', before: 4, after: 2 },
    ]);
    expect(input).toMatchObject({ subjective: 'Sore heel', objective: null, next_visit_in_days: 14, booking_id: 'b' });
    // The API's pointers count sent rows only.
    expect([0, 1, 2].map((i) => painPointer(draft, i))).toEqual([null, '/pain/0', '/pain/1']);
  });

  it('prefills each region of the intake and the last note once, unrated', () => {
    const last = { pain: [{ region: 'calf', side: 'left', before: 7, after: 4 }, { region: 'knee', side: 'right', before: 3, after: 1 }] } as NoteView;
    const rows = prefillPain([{ region: 'calf', side: 'left', intensity: 5 }], last);
    expect(rows).toEqual([
      { region: 'calf', side: 'left', before: null, after: null },
      { region: 'knee', side: 'right', before: null, after: null },
    ]);
  });

  it('copies techniques and home care from the last session, nothing else', () => {
    const last = {
      ...toNoteInput(base),
      id: 'n', therapist_id: 't', status: 'signed', amendments: [], created_at: '', updated_at: '',
      subjective: 'old words', pain: [],
      techniques: [{ technique: 'cupping', regions: [{ region: 'calf', side: 'left' }, { region: 'calf', side: 'right' }], minutes: 10, pressure: 'firm' }],
      home_care: [{ kind: 'stretching', details: 'calves' }],
    } as NoteView;
    const copied = copyFromLast({ ...base, subjective: 'today' }, last);
    expect(copied.subjective).toBe('today');
    // One application on both calves stays one application of 10 minutes.
    expect(copied.techniques).toEqual([
      { technique: 'cupping', regions: [{ region: 'calf', side: 'left' }, { region: 'calf', side: 'right' }], minutes: 10, pressure: 'firm' },
    ]);
    expect(copied.home_care).toEqual([{ kind: 'stretching', details: 'calves' }]);
    expect(minutesUsed(copied)).toBe(10);
    expect(toNoteInput(copied).techniques?.[0]?.regions).toHaveLength(2);
  });
});
