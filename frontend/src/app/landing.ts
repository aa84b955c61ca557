// Where each role lands after signing in, in one function so a role's first screen changes
// here and nowhere else: therapists and owners on their day (Today), the front desk on the
// calendar it runs.
import { isClinical } from '../api/roles';
import type { Role } from '../api/types';

export function landingFor(role: Role | undefined): string {
  return isClinical(role) ? '/today' : '/calendar';
}
