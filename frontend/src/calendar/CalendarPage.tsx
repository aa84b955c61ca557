// The front desk's calendar, in the practice's time zone whatever the browser's: week or day,
// one therapist or all; a list on phones. Slots open the booking dialog, bookings the panel.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useRole, useTokens } from '../api/context';
import { useDropBooking } from '../api/bookings';
import { usePractice } from '../api/practice';
import { ProblemNotice } from '../ui/ProblemNotice';
import { useProblem } from '../ui/useProblem';
import { BookingDialog, type Draft } from '../bookings/BookingDialog';
import { BookingPanel } from '../bookings/BookingPanel';
import { ErrorMessage, Loading } from '../ui/states';
import { useMediaQuery } from '../ui/useMediaQuery';
import { useTitle } from '../ui/useTitle';
import { CalendarGrid } from './CalendarGrid';
import { CalendarList } from './CalendarList';
import { CalendarToolbar, rangeLabel } from './CalendarToolbar';
import { buildColumns, type Column, type View } from './columns';
import { visibleHours } from './layout';
import { useCalendarData } from './useCalendarData';
import { browserZone, daysBetween, localDateOf, minutesOf, startOfWeek, toInstant } from './zone';
import './calendar.css';

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function CalendarPage() {
  useTitle('Calendar');
  const [params, setParams] = useSearchParams();
  const role = useRole();
  const staffId = useTokens()?.staffId ?? '';
  const phone = useMediaQuery('(max-width: 600px)');
  const now = useNow();
  const view: View = params.get('view') === 'day' ? 'day' : 'week';
  // Therapists start on their own bookings; everyone else on all of them.
  const who = params.get('who') ?? (role === 'therapist' ? staffId : 'all');
  const practice = usePractice();
  const zone = practice.data?.data.time_zone;
  const picked = params.get('date') ?? localDateOf(now, zone ?? browserZone());
  const first = view === 'week' ? startOfWeek(picked) : picked;
  const cal = useCalendarData(first, view === 'week' ? 7 : 1, who === 'all' ? null : who);
  const [openId, setOpenId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const drop = useDropBooking();
  const { problem, setProblem } = useProblem();
  const canDrag = (therapistId: string) => role !== 'therapist' || therapistId === staffId;

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const chosen = cal.therapists.find((t) => t.id === who) ?? null;
  const columns = useMemo(
    () => (cal.data ? buildColumns(view, first, chosen, cal.data) : []),
    [cal.data, view, first, chosen],
  );
  const names = useMemo(() => new Map(cal.therapists.map((t) => [t.id, t.display_name])), [cal.therapists]);
  const nameOf = (id: string) => names.get(id) ?? 'Unknown therapist';

  if (cal.error) return <ErrorMessage error={cal.error} />;
  if (!cal.data || !zone) return <Loading what="the calendar" />;
  const today = localDateOf(now, zone);
  const span = visibleHours([...columns.flatMap((c) => c.open), ...columns.flatMap((c) => c.bookings)]);
  const onSlot = (column: Column, minutes: number) => {
    const here = column.bookings.find((b) => b.start < minutes + 30 && b.end > minutes && b.booking.status !== 'cancelled');
    if (here) setOpenId(here.booking.id);
    else setDraft({ date: column.date, minutes, therapistId: column.therapist?.id ?? (who === 'all' ? '' : who) });
  };
  // Dragging moves one booking (one occurrence of a series); the panel's form does the rest.
  const onDrop = (id: string, column: Column, minutes: number) => {
    setProblem(null);
    drop.mutate(
      { id, startsAt: toInstant(column.date, minutes, zone).toISOString(), therapistId: column.therapist?.id },
      { onError: setProblem },
    );
  };
  return (
    <div className="page wide">
      <div className="page-head">
        <h1>Calendar</h1>
        <p className="cal-range" aria-live="polite">
          {rangeLabel(view, first)}
          {cal.fetching ? <span className="muted"> · updating…</span> : null}
        </p>
      </div>
      {browserZone() !== zone ? (
        <p className="notice-line">
          Times are in the practice’s time zone, {zone}; this device is set to {browserZone()}.
        </p>
      ) : null}
      <CalendarToolbar
        view={view}
        first={first}
        who={who}
        therapists={cal.therapists}
        onGo={(date) => set({ date })}
        onToday={() => set({ date: today })}
        onView={(v) => {
          const inRange = daysBetween(first, today) >= 0 && daysBetween(first, today) < 7;
          set({ view: v, date: v === 'day' && inRange ? today : first });
        }}
        onWho={(w) => set({ who: w })}
        onNew={() => setDraft({ date: view === 'day' ? first : today, minutes: 9 * 60, therapistId: who === 'all' ? '' : who })}
      />
      <ProblemNotice problem={problem} onReload={() => setProblem(null)} />
      {drop.isSuccess ? (
        <p className="visually-hidden" role="status">
          Moved.
        </p>
      ) : null}
      {phone ? (
        <CalendarList columns={columns} zone={zone} today={today} nameOf={nameOf} onOpen={setOpenId} />
      ) : (
        <CalendarGrid
          key={`${view}:${first}:${who}`}
          view={view}
          columns={columns}
          zone={zone}
          first={span.first}
          last={span.last}
          today={today}
          nowMinutes={minutesOf(now, zone)}
          nameOf={view === 'week' && who === 'all' ? nameOf : null}
          onSlot={onSlot}
          onOpen={setOpenId}
          onDrop={onDrop}
          canDrag={canDrag}
        />
      )}
      {draft ? <BookingDialog draft={draft} onClose={() => setDraft(null)} /> : null}
      {openId ? <BookingPanel id={openId} onClose={() => setOpenId(null)} /> : null}
    </div>
  );
}
