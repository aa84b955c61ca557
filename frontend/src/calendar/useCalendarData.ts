// Everything one calendar range needs, gathered from the per-feature hooks: the practice's
// zone, who takes bookings, their hours and time off, closed days and the bookings.
import { useMemo } from 'react';
import { useBookings } from '../api/bookings';
import { useClosedDays, usePractice } from '../api/practice';
import { takesBookings, useStaff, useTimeOffOf, useWorkingHoursOf } from '../api/staff';
import type { IntervalView, TimeOffView } from '../api/types';
import type { CalendarData } from './columns';
import { addDays, toInstant, type LocalDate } from './zone';

export function useCalendarData(first: LocalDate, days: number, therapistId: string | null) {
  const practice = usePractice();
  const staff = useStaff();
  const zone = practice.data?.data.time_zone ?? 'UTC';
  const therapists = useMemo(() => (staff.data ?? []).filter(takesBookings), [staff.data]);
  const shown = useMemo(
    () => (therapistId ? therapists.filter((t) => t.id === therapistId) : therapists),
    [therapists, therapistId],
  );
  const ids = useMemo(() => shown.map((t) => t.id), [shown]);
  const last = addDays(first, days - 1);
  const from = practice.data ? toInstant(first, 0, zone).toISOString() : '';
  const to = practice.data ? toInstant(addDays(first, days), 0, zone).toISOString() : '';
  const bookings = useBookings({ from, to, therapistId: therapistId ?? undefined }, practice.data !== undefined);
  const hours = useWorkingHoursOf(ids);
  const timeOff = useTimeOffOf(ids);
  const closed = useClosedDays(first, last);

  const hoursData = hours.map((h) => h.data);
  const offData = timeOff.map((t) => t.data);
  // The query arrays are new each render; when each query last changed is what matters.
  const version = [...hours, ...timeOff].map((q) => q.dataUpdatedAt).join(',');
  const data = useMemo<CalendarData | null>(() => {
    if (!practice.data || !bookings.data) return null;
    const hourMap = new Map<string, readonly IntervalView[]>();
    const offMap = new Map<string, readonly TimeOffView[]>();
    ids.forEach((id, i) => {
      hourMap.set(id, hoursData[i] ?? []);
      offMap.set(id, offData[i] ?? []);
    });
    return {
      zone,
      therapists: shown,
      hours: hourMap,
      timeOff: offMap,
      closedDays: closed.data ?? [],
      bookings: bookings.data,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` stands for hoursData and offData
  }, [practice.data, bookings.data, closed.data, shown, ids, zone, version]);

  return {
    data,
    practice: practice.data?.data,
    therapists,
    error: practice.error ?? staff.error ?? bookings.error,
    fetching: bookings.isFetching,
  };
}
