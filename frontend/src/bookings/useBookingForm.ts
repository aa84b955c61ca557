// The booking dialog's state and its writes: one booking, or a series after its preview.
import { useState } from 'react';
import { useCreateBooking } from '../api/bookings';
import { useCreateSeries, usePreviewSeries, type NewSeriesInput } from '../api/series';
import type { SeriesWritten } from '../api/types';
import { clock, localDateTime, parseClock, toInstant, weekdayOf, type LocalDate } from '../calendar/zone';
import { useProblem } from '../ui/useProblem';
import type { PickedClient } from './ClientPicker';
import { overrideBody, type Override } from './OverrideFields';
import { buildRRule, defaultRepeat, type Repeat } from './rrule';

export interface Draft {
  date: LocalDate;
  minutes: number;
  therapistId: string;
  client?: PickedClient;
  serviceId?: string;
}

export interface Fields {
  serviceId: string;
  therapistId: string;
  roomId: string;
  date: LocalDate;
  time: string;
}

export function useBookingForm(draft: Draft, zone: string) {
  const [fields, setFields] = useState<Fields>({
    serviceId: draft.serviceId ?? '',
    therapistId: draft.therapistId,
    roomId: '',
    date: draft.date,
    time: clock(draft.minutes),
  });
  const [client, setClient] = useState<PickedClient | null>(draft.client ?? null);
  const [override, setOverride] = useState<Override>({ on: false, code: '', note: '' });
  const [repeating, setRepeating] = useState(false);
  const [repeat, setRepeat] = useState<Repeat>(() => defaultRepeat(draft.date));
  const [written, setWritten] = useState<SeriesWritten | null>(null);
  const { problem, setProblem, errorFor } = useProblem();
  const createBooking = useCreateBooking();
  const createSeries = useCreateSeries();
  const preview = usePreviewSeries();

  const set = (changes: Partial<Fields>) => {
    const next = { ...fields, ...changes };
    // A series starts on one of its weekdays: a single weekday follows the chosen day.
    if (changes.date && changes.date !== fields.date && repeat.weekdays.length <= 1) {
      setRepeat({ ...repeat, weekdays: [weekdayOf(changes.date)] });
    }
    setFields(next);
    preview.reset();
  };

  const seriesBody = (onConflict: 'skip' | 'reject'): NewSeriesInput => ({
    client_id: client?.id ?? '',
    therapist_id: fields.therapistId,
    service_id: fields.serviceId,
    room_id: fields.roomId || null,
    first_start: localDateTime(fields.date, parseClock(fields.time)),
    rrule: buildRRule(repeat, zone),
    on_conflict: onConflict,
    ...overrideBody(override),
  });

  const runPreview = () => {
    setProblem(null);
    preview.mutate(seriesBody('reject'), { onError: setProblem });
  };

  const submit = (onConflict: 'skip' | 'reject', onBooked: () => void) => {
    setProblem(null);
    if (repeating) {
      createSeries.mutate(seriesBody(onConflict), { onSuccess: setWritten, onError: setProblem });
      return;
    }
    createBooking.mutate(
      {
        client_id: client?.id ?? '',
        therapist_id: fields.therapistId,
        service_id: fields.serviceId,
        room_id: fields.roomId || null,
        starts_at: fields.date && fields.time ? toInstant(fields.date, parseClock(fields.time), zone).toISOString() : '',
        ...overrideBody(override),
      },
      { onSuccess: onBooked, onError: setProblem },
    );
  };

  return {
    fields,
    set,
    client,
    setClient,
    override,
    setOverride: (o: Override) => {
      setOverride(o);
      preview.reset();
    },
    repeating,
    setRepeating: (on: boolean) => {
      setRepeating(on);
      preview.reset();
    },
    repeat,
    setRepeat: (r: Repeat) => {
      setRepeat(r);
      preview.reset();
    },
    preview: preview.data ?? null,
    runPreview,
    submit,
    written,
    busy: createBooking.isPending || createSeries.isPending || preview.isPending,
    problem,
    errorFor,
  };
}
