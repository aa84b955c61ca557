import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { EmailTemplate } from '../api/types';
import { json, renderScreen } from '../test/render';
import { EmailTemplatesSection } from './EmailTemplatesSection';

const variables = [
  { name: 'client_given_name', description: 'The client’s given name.' },
  { name: 'when', description: 'The session’s day and time.' },
];

function template(intent: EmailTemplate['intent'], label: string, custom = false): EmailTemplate {
  return {
    intent,
    label,
    subject: `${label} on {{when}}`,
    body: 'Hello {{client_given_name}},\n\nSee you.\n',
    custom,
    updated_at: custom ? '2026-11-20T10:00:00Z' : null,
    variables,
  };
}

const templates = [template('booking_confirmed', 'Booking confirmed'), template('booking_reminder', 'Reminder', true)];

function renderSection(routes: Parameters<typeof renderScreen>[1]['routes'] = {}) {
  return renderScreen(<EmailTemplatesSection />, {
    path: '/settings',
    at: '/settings',
    role: 'owner',
    routes: { 'GET /v1/email-templates': () => json(200, { items: templates }), ...routes },
  });
}

describe('<EmailTemplatesSection>', () => {
  it('shows a refused variable at its field, then saves the corrected text', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    let answer = 422;
    renderSection({
      'PUT /v1/email-templates/booking_confirmed': async (request) => {
        const body = (await request.json()) as { subject: string; body: string };
        sent.push(body);
        if (answer === 422) {
          return json(422, {
            type: '/problems/validation',
            title: 'Invalid request',
            status: 422,
            errors: [{ pointer: '/subject', message: '`{{date}}` is not a variable of this message' }],
          });
        }
        return json(200, { ...templates[0], ...body, custom: true, updated_at: '2026-11-21T10:00:00Z' });
      },
    });
    const subject = await screen.findByRole('textbox', { name: 'Subject' });
    expect(subject).toHaveValue('Booking confirmed on {{when}}');
    await user.clear(subject);
    await user.type(subject, 'See you {{{{date}}');
    await user.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('`{{date}}` is not a variable of this message', { selector: '.field-error' })).toBeInTheDocument();
    expect(subject).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: 'Body' })).not.toHaveAttribute('aria-invalid');

    answer = 200;
    await user.clear(subject);
    await user.type(subject, 'See you {{{{when}}');
    await user.click(screen.getByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Saved: the next emails use this wording.')).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ subject: 'See you {{when}}', body: templates[0]?.body });
    expect(screen.getByRole('option', { name: 'Booking confirmed (your wording)' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Restore default' })).toBeInTheDocument();
  });

  it('puts a variable at the cursor in the body', async () => {
    const user = userEvent.setup();
    renderSection();
    const body = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Body' });
    fireEvent.focus(body);
    body.setSelectionRange(6, 6);
    await user.click(screen.getByRole('button', { name: 'Insert {{when}}' }));
    expect(body).toHaveValue('Hello {{when}}{{client_given_name}},\n\nSee you.\n');
    expect(body.selectionStart).toBe(14);
  });

  it('previews the unsaved draft', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderSection({
      'POST /v1/email-templates/booking_confirmed/preview': async (request) => {
        sent.push(await request.json());
        return json(200, { subject: 'Hi Alex', body: 'Hello Alex,\n\nSee you.\n' });
      },
    });
    const subject = await screen.findByRole('textbox', { name: 'Subject' });
    await user.clear(subject);
    await user.type(subject, 'Hi {{{{client_given_name}}');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(within(preview).getByText('Hi Alex')).toBeInTheDocument();
    expect(sent).toEqual([{ subject: 'Hi {{client_given_name}}', body: templates[0]?.body }]);
    await user.type(subject, '!');
    expect(within(preview).getByText(/The text has changed since/)).toBeInTheDocument();
  });

  it('restores the default only after a confirmation', async () => {
    const user = userEvent.setup();
    const deleted: string[] = [];
    const restored = { ...template('booking_reminder', 'Reminder'), subject: 'Reminder: {{when}}' };
    renderSection({
      'DELETE /v1/email-templates/booking_reminder': (request) => {
        deleted.push(request.url);
        return json(200, restored);
      },
    });
    await screen.findByRole('textbox', { name: 'Subject' });
    expect(screen.queryByRole('button', { name: 'Restore default' })).not.toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Message' }), 'booking_reminder');
    await user.click(screen.getByRole('button', { name: 'Restore default' }));
    await user.click(screen.getByRole('button', { name: 'Keep mine' }));
    expect(deleted).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Restore default' }));
    await user.click(screen.getByRole('button', { name: 'Restore the default now' }));
    expect(await screen.findByText('The default wording is back.')).toBeInTheDocument();
    expect(deleted).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: 'Subject' })).toHaveValue('Reminder: {{when}}');
    expect(screen.queryByRole('button', { name: 'Restore default' })).not.toBeInTheDocument();
  });
});
