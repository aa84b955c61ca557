// API keys for integrations (owner): the list (scopes, created, last used, expiry, revoked),
// a form to create one (its secret shown once, to copy), and revocation after a confirmation.
import { useState } from 'react';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/apiKeys';
import type { ApiKeyView, CreatedApiKey } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { formatDateTime } from '../ui/format';
import { Empty, ErrorMessage } from '../ui/states';
import { useProblem } from '../ui/useProblem';

const SCOPE_LABELS: Record<string, string> = { read: 'Read', write: 'Read and write', clinical: 'clinical' };

function scopeLabel(key: ApiKeyView): string {
  return key.scopes.map((s) => SCOPE_LABELS[s] ?? s).join(', ');
}

function NewSecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="api-key-secret" role="status">
      <label className="field">
        <span>Secret for “{created.api_key.name}”</span>
        <input readOnly value={created.secret} onFocus={(e) => e.target.select()} />
      </label>
      <p className="warning">
        <strong>Copy it now: it is shown this once.</strong> Anyone holding it acts with this key’s scopes; keep it out of
        email and chat.
      </p>
      <div className="field-row">
        <button type="button" className="button" onClick={() => void navigator.clipboard.writeText(created.secret).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy secret'}
        </button>
        <button type="button" className="button subtle" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKeyView }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const revoked = apiKey.revoked_at != null;
  return (
    <li className="api-key">
      <span>
        <strong>{apiKey.name}</strong> <code>{apiKey.hint}…</code> — {scopeLabel(apiKey)}
        <br />
        <span className="hint">
          Created {formatDateTime(apiKey.created_at)}; {apiKey.last_used_at ? `last used ${formatDateTime(apiKey.last_used_at)}` : 'never used'}
          {apiKey.expires_at ? `; expires ${formatDateTime(apiKey.expires_at)}` : ''}
          {revoked && apiKey.revoked_at ? `; revoked ${formatDateTime(apiKey.revoked_at)}` : ''}
        </span>
      </span>
      {revoked ? (
        <span className="badge">Revoked</span>
      ) : confirming ? (
        <span className="field-row">
          <button type="button" className="button danger" disabled={revoke.isPending} onClick={() => revoke.mutate(apiKey.id)}>
            Revoke “{apiKey.name}” now
          </button>
          <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" className="button subtle" aria-label={`Revoke ${apiKey.name}`} onClick={() => setConfirming(true)}>
          Revoke
        </button>
      )}
      {revoke.error ? <ErrorMessage error={revoke.error} /> : null}
    </li>
  );
}

export function ApiKeysSection() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [canWrite, setCanWrite] = useState(false);
  const [clinical, setClinical] = useState(false);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const { problem, setProblem, errorFor } = useProblem();
  return (
    <section className="card" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="hint">
        For other software that works with the practice’s records. A key never signs notes, never manages staff, keys or
        settings, and is refused as soon as it is revoked.
      </p>
      {keys.error ? <ErrorMessage error={keys.error} /> : null}
      {keys.data?.length === 0 ? <Empty>No API keys yet.</Empty> : null}
      <ul className="settings-list">
        {(keys.data ?? []).map((k) => (
          <KeyRow key={k.id} apiKey={k} />
        ))}
      </ul>
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      <ErrorSummary problem={problem} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          const body = { name, can_write: canWrite, clinical, expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString() : null };
          create.mutate(body, {
            onSuccess: (made) => {
              setCreated(made);
              setName('');
            },
            onError: setProblem,
          });
        }}
      >
        <div className="field-row">
          <TextField pointer="/api_key/name" label="Key name" hint="What uses it, e.g. Booking sync" value={name} error={errorFor('/name')} onChange={(e) => setName(e.target.value)} />
          <TextField pointer="/api_key/expires_at" label="Expires on (optional)" type="date" value={expires} error={errorFor('/expires_at')} onChange={(e) => setExpires(e.target.value)} />
        </div>
        <fieldset className="field">
          <legend>Access</legend>
          <label>
            <input type="radio" name="api-key-access" checked={!canWrite} onChange={() => setCanWrite(false)} /> Read only
          </label>
          <label>
            <input type="radio" name="api-key-access" checked={canWrite} onChange={() => setCanWrite(true)} /> Read and write
          </label>
          <label>
            <input type="checkbox" checked={clinical} onChange={(e) => setClinical(e.target.checked)} /> Clinical records (intake, notes, care plans)
          </label>
        </fieldset>
        <div className="field">
          <button type="submit" className="button" disabled={create.isPending}>
            Create key
          </button>
        </div>
      </form>
    </section>
  );
}
