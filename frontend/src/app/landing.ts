// Where each role lands after signing in: therapists and owners on their day, the front desk
// where it works (the client list until the calendar exists).
import { isClinical } from '../api/roles';
import type { Role } from '../api/types';

export function landingFor(role: Role | undefined): string {
  return isClinical(role) ? '/today' : '/clients';
}
