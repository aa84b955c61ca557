// Where each role lands after signing in. One function, so a role's first screen changes here
// and nowhere else.
import type { Role } from '../api/types';

export function landingPath(role: Role | undefined): string {
  switch (role) {
    case 'owner':
    case 'therapist':
    case 'front_desk':
    default:
      return '/calendar';
  }
}
