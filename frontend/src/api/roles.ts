// What the app knows about roles, in one place. `/v1/me` and the token pair name the role but
// not what it may see, so the clinical roles are written here once. The source of truth is the
// backend: crates/domain/src/access.rs (`Principal::sees_clinical`, which clinical rules ask,
// and the `CLINICAL` access rows), answered by `Role::sees_clinical` in
// crates/domain/src/staff.rs. `roles.test.ts` reads that function and fails when they differ.
import type { Role } from './types';

/** The roles that see clinical content; the front desk never does. */
export const CLINICAL_ROLES: readonly Role[] = ['owner', 'therapist'];

/** Whether a role sees clinical content (no role, e.g. signed out, does not). */
export function isClinical(role: Role | undefined): boolean {
  return role !== undefined && CLINICAL_ROLES.includes(role);
}
