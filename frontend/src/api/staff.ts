// Staff: the list (who takes bookings), each one's weekly hours, time off and calendar feed,
// and the owner's invitations, role changes and deactivation.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { idempotencyKey } from './client';
import { useApi } from './context';
import { unwrap, unwrapTagged } from './problem';
import type { IntervalView, LinkKind, NewStaffRequest, StaffUpdate, StaffView, TimeOffInput } from './types';

export const staffKeys = {
  all: ['staff'] as const,
  hours: (id: string) => ['staff', id, 'hours'] as const,
  timeOff: (id: string) => ['staff', id, 'time-off'] as const,
};

/** Owners and therapists take bookings; the front desk does not. */
export function takesBookings(staff: StaffView): boolean {
  return staff.active && (staff.role === 'therapist' || staff.role === 'owner');
}

/** Every staff member, all pages (a practice has tens, not thousands). */
export function useStaff() {
  const api = useApi();
  return useQuery({
    queryKey: staffKeys.all,
    queryFn: async () => {
      const all: StaffView[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(await api.GET('/v1/staff', { params: { query: { limit: 100, cursor } } }));
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    },
    staleTime: 5 * 60_000,
  });
}

export function useWorkingHoursOf(ids: readonly string[]) {
  const api = useApi();
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: staffKeys.hours(id),
      queryFn: async () =>
        unwrap(await api.GET('/v1/staff/{id}/working-hours', { params: { path: { id } } })).intervals,
      staleTime: 5 * 60_000,
    })),
  });
}

export function useTimeOffOf(ids: readonly string[]) {
  const api = useApi();
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: staffKeys.timeOff(id),
      queryFn: async () => unwrap(await api.GET('/v1/staff/{id}/time-off', { params: { path: { id } } })),
    })),
  });
}

export function useReplaceWorkingHours(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (intervals: IntervalView[]) =>
      unwrap(await api.PUT('/v1/staff/{id}/working-hours', { body: { intervals }, params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.hours(id) }),
  });
}

export function useCreateTimeOff(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TimeOffInput) =>
      unwrap(await api.POST('/v1/staff/{id}/time-off', { body, params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.timeOff(id) }),
  });
}

export function useDeleteTimeOff(staffId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/v1/time-off/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.timeOff(staffId) }),
  });
}

/** Invites: creates the account, then the one-time invitation link to hand over. */
/**
 * Adds a member and invites them: by email (the link goes to their address and is shown to no
 * one else), or with a link answered here to hand over.
 */
export function useInviteStaff() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, byEmail }: { body: NewStaffRequest; byEmail: boolean }) => {
      const staff = unwrap(
        await api.POST('/v1/staff', { body, params: { header: { 'Idempotency-Key': idempotencyKey() } } }),
      );
      if (byEmail) {
        const emailed = unwrap(await api.POST('/v1/staff/{id}/invitation-emails', { params: { path: { id: staff.id } } }));
        return { staff, emailed, link: null };
      }
      const link = unwrap(
        await api.POST('/v1/staff/{id}/links', { body: { purpose: 'invitation' }, params: { path: { id: staff.id } } }),
      );
      return { staff, emailed: null, link };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffKeys.all }),
  });
}

export function useStaffLink() {
  const api = useApi();
  return useMutation({
    mutationFn: async ({ id, purpose }: { id: string; purpose: LinkKind }) =>
      unwrap(await api.POST('/v1/staff/{id}/links', { body: { purpose }, params: { path: { id } } })),
  });
}

/** Changes a member as read at `etag` (`useStaffMember`); a change made meanwhile answers 412. */
export function useUpdateStaff() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body, etag }: { id: string; body: StaffUpdate; etag: string }) =>
      unwrap(await api.PATCH('/v1/staff/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffKeys.all }),
  });
}

export function useStaffMember(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...staffKeys.all, id],
    queryFn: async () => unwrapTagged(await api.GET('/v1/staff/{id}', { params: { path: { id } } })),
  });
}

export function useDeactivateStaff() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/v1/staff/{id}/deactivate', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffKeys.all }),
  });
}

export function useStaffFeed(id: string) {
  const api = useApi();
  const issue = useMutation({
    mutationFn: async () => unwrap(await api.PUT('/v1/staff/{id}/calendar-feed', { params: { path: { id } } })),
  });
  const revoke = useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE('/v1/staff/{id}/calendar-feed', { params: { path: { id } } }));
    },
  });
  return { issue, revoke };
}
