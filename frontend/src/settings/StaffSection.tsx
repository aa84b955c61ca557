// Staff (owner): invite (the invitation link to copy), change a role, send a password-reset
// link, reset two-factor sign-in (a lost phone), deactivate. Role changes name the version read; a 412 asks for a reload.
import { useState } from 'react';
import { useResetSecondFactor } from '../api/secondFactor';
import { useDeactivateStaff, useStaff, useStaffLink } from '../api/staff';
import type { LinkView, StaffView } from '../api/types';
import { LinkToCopy } from './LinkToCopy';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { InviteForm } from './InviteForm';
import { RoleSelect } from './RoleSelect';

export function StaffSection() {
  const staff = useStaff();
  return (
    <section className="card" aria-labelledby="staff-heading">
      <h2 id="staff-heading">Staff</h2>
      {staff.isPending ? <Loading what="staff" /> : null}
      {staff.isError ? <ErrorMessage error={staff.error} /> : null}
      <ul className="settings-list">
        {(staff.data ?? []).map((s) => (
          <StaffRow key={s.id} member={s} />
        ))}
      </ul>
      <InviteForm />
    </section>
  );
}

function StaffRow({ member: s }: { member: StaffView }) {
  const reset = useStaffLink();
  const deactivate = useDeactivateStaff();
  const { problem, setProblem } = useProblem();
  const [link, setLink] = useState<LinkView | null>(null);
  const resetSecond = useResetSecondFactor();
  return (
    <li className="staff-row">
      <span>
        <strong>{s.display_name}</strong> · {s.email}
        {s.invitation_pending ? ' · invited' : ''}
        {s.active ? '' : ' · deactivated'}
      </span>
      {s.active ? (
        <div className="inline">
          <RoleSelect member={s} onError={setProblem} />
          <button
            type="button"
            className="button subtle"
            onClick={() => reset.mutate({ id: s.id, purpose: 'password_reset' }, { onSuccess: setLink, onError: setProblem })}
          >
            Reset link
          </button>
          <button
            type="button"
            className="button subtle"
            onClick={() => resetSecond.mutate(s.id, { onError: setProblem })}
            aria-label={`Reset two-factor sign-in of ${s.display_name}`}
          >
            Reset 2FA
          </button>
          <button
            type="button"
            className="button subtle"
            onClick={() => deactivate.mutate(s.id, { onError: setProblem })}
            aria-label={`Deactivate ${s.display_name}`}
          >
            Deactivate
          </button>
        </div>
      ) : null}
      <ErrorSummary problem={problem} />
      {resetSecond.isSuccess ? <span role="status">Two-factor sign-in reset; their logins ended.</span> : null}
      {link ? <LinkToCopy link={link} label={`Password-reset link for ${s.display_name}`} /> : null}
    </li>
  );
}
