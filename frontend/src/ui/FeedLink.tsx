// A calendar feed link: issue (or replace) it, copy it, revoke it. The API shows the URL only
// when it is issued, so a link made earlier can be replaced but not shown again.
import { useState } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { API_BASE_URL } from '../api/client';
import type { CalendarFeedLink } from '../api/types';
import { ErrorMessage } from './states';

interface Props {
  issue: UseMutationResult<CalendarFeedLink, Error, void>;
  revoke: UseMutationResult<void, Error, void>;
  who: string;
}

export function FeedLink({ issue, revoke, who }: Props) {
  const [copied, setCopied] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const url = issue.data && !revoked ? new URL(`${API_BASE_URL}${issue.data.url}`, window.location.origin).href : null;
  return (
    <div className="feed-link">
      {url ? (
        <>
          <label className="field">
            <span>Calendar feed for {who}</span>
            <input readOnly value={url} onFocus={(e) => e.target.select()} />
          </label>
          <span className="hint">Shown once: copy it now. Making a new link stops the old one.</span>
        </>
      ) : null}
      {issue.error ? <ErrorMessage error={issue.error} /> : null}
      {revoke.error ? <ErrorMessage error={revoke.error} /> : null}
      {revoked ? <p role="status">The feed link is revoked.</p> : null}
      <div className="inline">
        <button
          type="button"
          className="button"
          disabled={issue.isPending}
          onClick={() => {
            setRevoked(false);
            setCopied(false);
            issue.mutate();
          }}
        >
          {url ? 'Replace the link' : 'Create feed link'}
        </button>
        {url ? (
          <button
            type="button"
            className="button subtle"
            onClick={() => void navigator.clipboard.writeText(url).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        ) : null}
        <button
          type="button"
          className="button subtle"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate(undefined, { onSuccess: () => setRevoked(true) })}
        >
          Revoke feed
        </button>
      </div>
    </div>
  );
}
