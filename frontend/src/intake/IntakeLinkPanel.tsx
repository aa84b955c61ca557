// A one-time intake link for the client to fill in on their own phone: created here to copy
// (the secret is shown only once, so it stays on screen until the page is left), or emailed
// to the client's address, where nobody else sees it.
import { useId, useState } from 'react';
import { useCreateIntakeLink, useEmailIntakeLink } from '../api/intake';
import type { CreatedIntakeLink } from '../api/types';
import { formatDateTime } from '../ui/format';
import { ErrorMessage } from '../ui/states';

const LIFETIMES = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '1 week' },
  { hours: 336, label: '2 weeks' },
];

interface Props {
  clientId: string;
  archived: boolean;
  /** Whether the caller sees clinical content: only their links show the last answers. */
  clinical: boolean;
}

export function IntakeLinkPanel({ clientId, archived, clinical }: Props) {
  const create = useCreateIntakeLink(clientId);
  const email = useEmailIntakeLink(clientId);
  const [hours, setHours] = useState(72);
  const [link, setLink] = useState<CreatedIntakeLink | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const lifetimeId = useId();
  const urlId = useId();

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure origin): select the text for a manual copy.
      document.getElementById(urlId)?.focus();
      setCopied('no');
    }
  };

  return (
    <section className="card" aria-labelledby="link-heading">
      <h2 id="link-heading">Self-service intake</h2>
      <p className="muted">
        {clinical
          ? 'Send the client a one-time link to fill in their intake form, starting from their last answers.'
          : 'Send the client a one-time link to fill in their intake form. It opens a blank form: earlier answers are health details, shown only on links a therapist or the owner sends.'}
      </p>
      <div className="inline">
        <label htmlFor={lifetimeId}>Valid for</label>
        <select id={lifetimeId} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {LIFETIMES.map((l) => (
            <option key={l.hours} value={l.hours}>
              {l.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={archived || create.isPending}
          onClick={() => {
            setCopied(null);
            create.mutate(hours, { onSuccess: setLink });
          }}
        >
          {create.isPending ? 'Creating…' : 'Create intake link'}
        </button>
        <button type="button" className="button" disabled={archived || email.isPending} onClick={() => email.mutate(hours)}>
          {email.isPending ? 'Queueing…' : 'Email the link to the client'}
        </button>
      </div>
      <p className="hint link-note">
        A link emailed by a therapist or the owner opens with the client’s last answers only if their email address is
        unchanged since their last intake; a link from the front desk always starts empty.
      </p>
      {create.isError ? <ErrorMessage error={create.error} /> : null}
      {email.isError ? <ErrorMessage error={email.error} /> : null}
      <div role="status">
        {email.isSuccess ? <p className="notice-line">Queued: an intake link will be emailed to {email.data.email}.</p> : null}
      </div>
      {link ? (
        <div className="link-result">
          <label htmlFor={urlId}>Link (expires {formatDateTime(link.expires_at)})</label>
          <div className="inline">
            <input id={urlId} readOnly value={link.url} onFocus={(e) => e.target.select()} />
            <button type="button" className="button" onClick={() => void copy(link.url)}>
              Copy link
            </button>
          </div>
          <p role="status" className="muted">
            {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copy it by hand: the text is selected.' : ''}
          </p>
        </div>
      ) : null}
    </section>
  );
}
