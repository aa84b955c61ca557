// A message as a client would read it, filled in with example values.
import type { EmailPreview } from '../api/types';

export function TemplatePreview({ shown, stale }: { shown: EmailPreview; stale: boolean }) {
  return (
    <section className="template-preview" aria-labelledby="template-preview-heading">
      <h3 id="template-preview-heading">Preview</h3>
      <p className="hint">
        With example values{stale ? '. The text has changed since: press Preview again to see it.' : '.'}
      </p>
      <div className="email-sample">
        <p className="email-subject">
          <span className="muted">Subject: </span>
          <strong>{shown.subject}</strong>
        </p>
        <div className="email-body">{shown.body}</div>
      </div>
    </section>
  );
}
