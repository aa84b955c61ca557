// The wording of the practice's client emails (owner): one of the six messages picked, its
// subject and body edited with the variables it may use, previewed with example values, saved,
// or returned to Knead's default.
import { useState } from 'react';
import { useEmailTemplates } from '../api/emailTemplates';
import type { EmailTemplateIntent } from '../api/types';
import { fieldId } from '../ui/fieldId';
import { SelectField } from '../ui/fields';
import { ErrorMessage, Loading } from '../ui/states';
import { TemplateEditor } from './TemplateEditor';

export function EmailTemplatesSection() {
  const templates = useEmailTemplates();
  const [intent, setIntent] = useState<EmailTemplateIntent | null>(null);
  const list = templates.data ?? [];
  const current = list.find((t) => t.intent === intent) ?? list[0];
  return (
    <section className="card settings-wide" aria-labelledby="email-templates-heading">
      <h2 id="email-templates-heading">Email templates</h2>
      <p className="hint">
        The wording of the emails clients get about their bookings and intake forms. A name in double braces, such as{' '}
        <code>{'{{practice_name}}'}</code>, is filled in for each email. How long before a session the reminder goes out is
        the <a href={`#${fieldId('/practice/reminder_lead_hours')}`}>reminder email setting</a> under Practice.
      </p>
      {templates.isPending ? <Loading what="the email templates" /> : null}
      {templates.isError ? <ErrorMessage error={templates.error} /> : null}
      {current ? (
        <>
          <SelectField
            pointer="/email_template/intent"
            label="Message"
            value={current.intent}
            hint={current.custom ? 'Your own wording.' : 'Knead’s default wording.'}
            onChange={(e) => setIntent(e.target.value as EmailTemplateIntent)}
          >
            {list.map((t) => (
              <option key={t.intent} value={t.intent}>
                {t.custom ? `${t.label} (your wording)` : t.label}
              </option>
            ))}
          </SelectField>
          <TemplateEditor key={current.intent} template={current} />
        </>
      ) : null}
    </section>
  );
}
