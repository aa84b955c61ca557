// What the booking screens choose from: the practice's zone, offered services, rooms in use,
// and the therapists a booking may name (a therapist books only for themself).
import { useMemo } from 'react';
import { useRooms, useServicesList } from '../api/catalog';
import { useRole, useTokens } from '../api/context';
import { usePractice } from '../api/practice';
import { takesBookings, useStaff } from '../api/staff';
import { browserZone } from '../calendar/zone';

export function useDeskData() {
  const practice = usePractice();
  const services = useServicesList();
  const rooms = useRooms();
  const staff = useStaff();
  const role = useRole();
  const me = useTokens()?.staffId;
  const all = useMemo(() => (staff.data ?? []).filter(takesBookings), [staff.data]);
  const therapists = role === 'therapist' ? all.filter((t) => t.id === me) : all;
  const names = useMemo(() => new Map((staff.data ?? []).map((s) => [s.id, s.display_name])), [staff.data]);
  return {
    practice: practice.data?.data,
    zone: practice.data?.data.time_zone ?? browserZone(),
    services: (services.data ?? []).filter((s) => s.active),
    rooms: (rooms.data ?? []).filter((r) => r.active),
    therapists,
    nameOf: (id: string) => names.get(id) ?? 'Unknown therapist',
  };
}

export type DeskData = ReturnType<typeof useDeskData>;
