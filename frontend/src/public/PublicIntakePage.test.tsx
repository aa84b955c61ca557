import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { IntakeInput, PublicIntake } from '../api/types';
import { intakeForm, vocabulary } from '../test/fixtures';
import { json, renderScreen } from '../test/render';
import { PublicIntakePage } from './PublicIntakePage';
import { readToken } from './token';

const page: PublicIntake = {
  practice_name: 'Stride Sports Massage',
  client_given_name: 'Alex',
  expires_at: '2026-12-01T10:00:00Z',
  consent_text: 'I agree to be treated.',
  consent_text_version: '2026-11-01',
  prefill: {
    chief_complaint: intakeForm.chief_complaint,
    pain_areas: intakeForm.pain_areas,
    contraindications: ['anticoagulants'],
  },
};

describe('readToken', () => {
  it('takes the token from the path, else from the fragment', () => {
    expect(readToken('ki1.abc', '')).toBe('ki1.abc');
    expect(readToken(undefined, '#ki1.def')).toBe('ki1.def');
    expect(readToken(undefined, '')).toBe('');
  });
});

describe('<PublicIntakePage>', () => {
  it('prefills from the last intake, sends once without a login, and confirms', async () => {
    const user = userEvent.setup();
    const sent: { body: IntakeInput; auth: string | null }[] = [];
    renderScreen(<PublicIntakePage />, {
      path: '/intake/:token',
      at: '/intake/ki1.token',
      role: null,
      routes: {
        'GET /v1/vocabulary': () => json(200, vocabulary),
        'GET /v1/public/intake/ki1.token': () => json(200, page),
        'POST /v1/public/intake/ki1.token': async (request) => {
          sent.push({ body: (await request.json()) as IntakeInput, auth: request.headers.get('Authorization') });
          return json(201, { form_version: 2, submitted_at: '2026-11-21T10:00:00Z' });
        },
      },
    });
    expect(await screen.findByRole('heading', { name: 'Hello Alex' })).toBeInTheDocument();
    expect(screen.getByLabelText('What brings you in?')).toHaveValue('Knee pain on hills');
    expect(screen.getByRole('button', { name: 'Left knee: pain 7/10, severe' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Anticoagulants caution' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Deep vein thrombosis avoid' })).not.toBeChecked();

    await user.type(screen.getByLabelText('Full name of the person consenting'), 'Alex Rivera');
    await user.click(screen.getByLabelText('I have read and agree to the above'));
    await user.click(screen.getByRole('button', { name: 'Send my form' }));

    expect(await screen.findByRole('heading', { name: 'Thank you, Alex' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send my form' })).not.toBeInTheDocument();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.auth).toBeNull();
    expect(sent[0]?.body.pain_areas).toHaveLength(2);
    expect(sent[0]?.body.consent).toEqual({ signer_name: 'Alex Rivera', agreed: true, text_version: '2026-11-01' });
  });

  it('opens an empty form when the link carries no prefill (a front-desk link)', async () => {
    const user = userEvent.setup();
    const sent: IntakeInput[] = [];
    renderScreen(<PublicIntakePage />, {
      path: '/intake/:token',
      at: '/intake/ki1.desk',
      role: null,
      routes: {
        'GET /v1/vocabulary': () => json(200, vocabulary),
        'GET /v1/public/intake/ki1.desk': () => json(200, { ...page, prefill: null }),
        'POST /v1/public/intake/ki1.desk': async (request) => {
          sent.push((await request.json()) as IntakeInput);
          return json(201, { form_version: 1, submitted_at: '2026-11-21T10:00:00Z' });
        },
      },
    });
    expect(await screen.findByRole('heading', { name: 'Hello Alex' })).toBeInTheDocument();
    expect(screen.queryByText(/We have filled in your last answers/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('What brings you in?')).toHaveValue('');
    expect(screen.getByRole('checkbox', { name: 'Anticoagulants caution' })).not.toBeChecked();

    await user.type(screen.getByLabelText('Full name of the person consenting'), 'Alex Rivera');
    await user.click(screen.getByLabelText('I have read and agree to the above'));
    await user.click(screen.getByRole('button', { name: 'Send my form' }));

    expect(await screen.findByRole('heading', { name: 'Thank you, Alex' })).toBeInTheDocument();
    expect(sent).toHaveLength(1);
  });

  it('explains a used or expired link', async () => {
    renderScreen(<PublicIntakePage />, {
      path: '/intake/:token',
      at: '/intake/ki1.used',
      role: null,
      routes: {
        'GET /v1/vocabulary': () => json(200, vocabulary),
        'GET /v1/public/intake/ki1.used': () => json(410, { type: '/problems/gone', title: 'Gone', status: 410 }),
      },
    });
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'This link has already been used or has expired' })).toBeInTheDocument(),
    );
  });
});
