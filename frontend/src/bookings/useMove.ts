// A move (time, therapist, room) mapped onto the API's operations by scope: "this one" is a
// PATCH of the booking, "this and following" splits the series at this occurrence, "all"
// changes the series from its next occurrence on, carrying the same shift over to it.
import { useUpdateBooking } from '../api/bookings';
import { useChangeSeries, useNextOccurrence, useSeries, useSplitSeries } from '../api/series';
import type { Tagged } from '../api/problem';
import type { BookingView, SeriesWritten } from '../api/types';
import { addDays, daysBetween, localDateOf, localDateTime, minutesOf, splitLocal, toInstant } from '../calendar/zone';

export type Scope = 'one' | 'following' | 'all';

export interface MoveTo {
  date: string;
  minutes: number;
  therapistId: string;
  roomId: string;
}

export interface MoveResult {
  changed: number;
  skipped: number;
}

/**
 * "All": the series changes from its next occurrence on, so the shift a person gave the
 * occurrence they clicked (days, and the new time of day) is carried over to that one.
 */
export function shiftedStart(clicked: string, to: { date: string; minutes: number }, next: string): string {
  const shift = daysBetween(splitLocal(clicked).date, to.date);
  return localDateTime(addDays(splitLocal(next).date, shift), to.minutes);
}

export function useMove(current: Tagged<BookingView>, zone: string) {
  const b = current.data;
  const seriesId = b.series_id ?? null;
  const series = useSeries(seriesId);
  const next = useNextOccurrence(seriesId);
  const update = useUpdateBooking();
  const split = useSplitSeries();
  const change = useChangeSeries();

  const move = async (scope: Scope, to: MoveTo): Promise<MoveResult> => {
    const timeChanged = to.date !== localDateOf(new Date(b.starts_at), zone) || to.minutes !== minutesOf(new Date(b.starts_at), zone);
    const who = {
      ...(to.therapistId !== b.therapist_id ? { therapist_id: to.therapistId } : {}),
      ...(to.roomId !== (b.room_id ?? '') ? { room_id: to.roomId || null } : {}),
    };
    if (scope === 'one' || !seriesId || !b.recurrence_id) {
      await update.mutateAsync({
        id: b.id,
        etag: current.etag,
        body: { ...who, ...(timeChanged ? { starts_at: toInstant(to.date, to.minutes, zone).toISOString() } : {}) },
      });
      return { changed: 1, skipped: 0 };
    }
    const tagged = series.data ?? (await series.refetch()).data;
    if (!tagged) throw new Error('The series could not be read.');
    let written: SeriesWritten;
    if (scope === 'following') {
      const first = timeChanged ? { first_start: localDateTime(to.date, to.minutes) } : {};
      written = await split.mutateAsync({
        id: seriesId,
        etag: tagged.etag,
        body: { from: b.recurrence_id, ...who, ...first },
      });
    } else {
      const nextRid = (next.data ?? (await next.refetch()).data)?.recurrence_id ?? b.recurrence_id;
      const first = timeChanged ? { first_start: shiftedStart(b.recurrence_id, to, nextRid) } : {};
      written = await change.mutateAsync({ id: seriesId, etag: tagged.etag, body: { ...who, ...first } });
    }
    return { changed: written.booked, skipped: written.skipped.length };
  };

  return { move, busy: update.isPending || split.isPending || change.isPending, inSeries: seriesId !== null };
}
