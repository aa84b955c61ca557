// The local day as the API's filters want it: midnight to midnight in this browser's zone.

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface Day {
  day: string;
  next: string;
  from: string;
  to: string;
}

export function dayOf(now: Date): Day {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { day: isoDay(start), next: isoDay(end), from: start.toISOString(), to: end.toISOString() };
}

export function timeOf(instant: string): string {
  return new Date(instant).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
