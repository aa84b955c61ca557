// Inviting someone: the account, then the one-time invitation link, emailed to them or shown
// here to copy and hand over.
import { useState } from 'react';
import { useInviteStaff } from '../api/staff';
import type { LinkView, Role } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { SelectField, TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';
import { LinkToCopy, ROLE_LABELS } from './LinkToCopy';

export function InviteForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('therapist');
  const [byEmail, setByEmail] = useState(true);
  const [link, setLink] = useState<{ name: string; link: LinkView } | null>(null);
  const [emailed, setEmailed] = useState<string | null>(null);
  const invite = useInviteStaff();
  const { problem, setProblem, errorFor } = useProblem();
  return (
    <form
      className="settings-form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        setLink(null);
        setEmailed(null);
        invite.mutate(
          { body: { display_name: name, email, role }, byEmail },
          {
            onSuccess: (r) => {
              if (r.link) setLink({ name: r.staff.display_name, link: r.link });
              if (r.emailed) setEmailed(`${r.staff.display_name} is invited. ${r.emailed.message}`);
              setName('');
              setEmail('');
            },
            onError: setProblem,
          },
        );
      }}
    >
      <h3>Invite someone</h3>
      <ErrorSummary problem={problem} />
      <div className="field-row">
        <TextField pointer="/invite/display_name" label="Name" value={name} error={errorFor('/display_name')} onChange={(e) => setName(e.target.value)} />
        <TextField pointer="/invite/email" label="Email" type="email" value={email} error={errorFor('/email')} onChange={(e) => setEmail(e.target.value)} />
        <SelectField pointer="/invite/role" label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {(Object.keys(ROLE_LABELS) as Role[]).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset>
        <legend>Send the invitation</legend>
        <label className="check">
          <input type="radio" name="invite-delivery" checked={byEmail} onChange={() => setByEmail(true)} /> By email to
          their address
        </label>
        <label className="check">
          <input type="radio" name="invite-delivery" checked={!byEmail} onChange={() => setByEmail(false)} /> Show me a
          link to hand over
        </label>
      </fieldset>
      <button type="submit" className="button" disabled={invite.isPending}>
        Invite
      </button>
      <p role="status" className="hint">
        {emailed}
      </p>
      {link ? <LinkToCopy link={link.link} label={`Invitation link for ${link.name}`} /> : null}
    </form>
  );
}
