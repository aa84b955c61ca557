// One message's subject and body: edited, previewed as a client would read it (example values),
// saved, or put back to the default after a confirmation. The server checks the variables; an
// unknown one comes back at the field that uses it.
import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { usePreviewEmailTemplate, useRestoreEmailTemplate, useSaveEmailTemplate } from '../api/emailTemplates';
import type { EmailTemplate, EmailTemplateInput, EmailPreview } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextArea, TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';
import { TemplatePreview } from './TemplatePreview';
import { TemplateVariables } from './TemplateVariables';
import { insertAt, placeholder } from './templateText';

export function TemplateEditor({ template }: { template: EmailTemplate }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<{ of: EmailTemplateInput; shown: EmailPreview } | null>(null);
  const save = useSaveEmailTemplate();
  const restore = useRestoreEmailTemplate();
  const previewer = usePreviewEmailTemplate();
  const { problem, setProblem, errorFor } = useProblem();
  const bodyArea = useRef<HTMLTextAreaElement>(null);
  // Until the body has had the cursor, a variable goes at its end.
  const bodyVisited = useRef(false);
  const draft = { subject, body };
  const intent = template.intent;
  const busy = save.isPending || restore.isPending;

  const edited = (change: () => void) => {
    change();
    setStatus('');
  };

  const insert = (name: string) => {
    const area = bodyArea.current;
    if (!area) return;
    const [start, end] = bodyVisited.current ? [area.selectionStart, area.selectionEnd] : [body.length, body.length];
    const next = insertAt(body, start, end, placeholder(name));
    flushSync(() => edited(() => setBody(next.text)));
    area.focus();
    area.setSelectionRange(next.caret, next.caret);
  };

  const showPreview = () => {
    setProblem(null);
    const of = draft;
    previewer.mutate({ intent, body: of }, { onSuccess: (shown) => setPreview({ of, shown }), onError: setProblem });
  };

  const putBack = () => {
    setProblem(null);
    restore.mutate(intent, {
      onSuccess: (t) => {
        setSubject(t.subject);
        setBody(t.body);
        setConfirming(false);
        setPreview(null);
        setStatus('The default wording is back.');
      },
      onError: setProblem,
    });
  };

  return (
    <form
      className="template-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        setStatus('');
        save.mutate({ intent, body: draft }, { onSuccess: () => setStatus('Saved: the next emails use this wording.'), onError: setProblem });
      }}
    >
      <ErrorSummary problem={problem} />
      <TextField pointer="/subject" label="Subject" value={subject} error={errorFor('/subject')} onChange={(e) => edited(() => setSubject(e.target.value))} />
      <TextArea
        ref={bodyArea}
        pointer="/body"
        label="Body"
        rows={10}
        value={body}
        error={errorFor('/body')}
        onFocus={() => (bodyVisited.current = true)}
        onChange={(e) => edited(() => setBody(e.target.value))}
      />
      <TemplateVariables variables={template.variables} onInsert={insert} />
      <div className="inline template-actions">
        <button type="button" className="button" disabled={previewer.isPending} onClick={showPreview}>
          Preview
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          Save template
        </button>
        {template.custom && !confirming ? (
          <button type="button" className="button subtle" onClick={() => setConfirming(true)}>
            Restore default
          </button>
        ) : null}
        <span role="status">{status}</span>
      </div>
      {template.custom && confirming ? (
        <div className="confirm-box" role="group" aria-label="Restore the default wording">
          <p>Replace your wording of “{template.label}” with Knead’s default? Any unsaved changes here are lost too.</p>
          <div className="inline">
            <button type="button" className="button danger" disabled={busy} onClick={putBack}>
              Restore the default now
            </button>
            <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
              Keep mine
            </button>
          </div>
        </div>
      ) : null}
      {preview ? <TemplatePreview shown={preview.shown} stale={preview.of.subject !== subject || preview.of.body !== body} /> : null}
    </form>
  );
}
