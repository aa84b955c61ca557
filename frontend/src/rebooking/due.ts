// The rebooking list's order and wording: overdue first, then due, then upcoming (each group
// in the API's order), and when each client's window opened or closed.
import type { DueClient, DueStatus } from '../api/types';
import { dayLabel } from '../calendar/zone';

export const STATUS_ORDER: readonly DueStatus[] = ['overdue', 'due', 'upcoming'];

export const STATUS_NAMES: Record<DueStatus, string> = {
  overdue: 'Overdue',
  due: 'Due now',
  upcoming: 'Coming up',
};

export interface DueGroup {
  status: DueStatus;
  clients: DueClient[];
}

/** Groups in status order, leaving out empty ones and clients already booked here. */
export function groupDue(clients: readonly DueClient[], booked: ReadonlySet<string> = new Set()): DueGroup[] {
  return STATUS_ORDER.map((status) => ({
    status,
    clients: clients.filter((c) => c.status === status && !booked.has(c.client_id)),
  })).filter((g) => g.clients.length > 0);
}

/** "Overdue since 29 Nov", "Due since 30 Nov (until 7 Dec)", "Due from 10 Dec". */
export function sinceWhen(c: DueClient): string {
  switch (c.status) {
    case 'overdue':
      return `Overdue: the window closed ${dayLabel(c.due_until)}`;
    case 'due':
      return `Due since ${dayLabel(c.due_from)} (until ${dayLabel(c.due_until)})`;
    case 'upcoming':
      return `Due from ${dayLabel(c.due_from)}`;
  }
}
