import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLINICAL_ROLES, isClinical } from './roles';

// The backend's answer, read from its source so the copy above cannot drift unnoticed.
function backendClinicalRoles(): string[] {
  const source = readFileSync(resolve(__dirname, '../../../crates/domain/src/staff.rs'), 'utf8');
  const body = /fn sees_clinical\(self\) -> bool \{\s*matches!\(self, ([^)]*)\)/.exec(source)?.[1];
  if (body === undefined) throw new Error('Role::sees_clinical in crates/domain/src/staff.rs is no longer one matches!(..): update this test');
  return body
    .split('|')
    .map((variant) => variant.trim().replace(/^Role::/, ''))
    .map((variant) => variant.replace(/(?<=[a-z])([A-Z])/g, '_$1').toLowerCase());
}

describe('clinical roles', () => {
  it('are the roles the backend lets see clinical content', () => {
    expect([...CLINICAL_ROLES].sort()).toEqual(backendClinicalRoles().sort());
  });

  it('leave out the front desk and the signed-out', () => {
    expect(isClinical('owner')).toBe(true);
    expect(isClinical('therapist')).toBe(true);
    expect(isClinical('front_desk')).toBe(false);
    expect(isClinical(undefined)).toBe(false);
  });
});
