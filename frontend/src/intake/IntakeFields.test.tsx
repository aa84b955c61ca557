import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { vocabulary } from '../test/fixtures';
import { emptyDraft, toIntakeInput, type IntakeDraft } from './draft';
import { IntakeFields } from './IntakeFields';

let latest: IntakeDraft = emptyDraft();

function Harness({ problem }: { problem?: ApiProblem }) {
  const [draft, setDraft] = useState<IntakeDraft>(emptyDraft);
  latest = draft;
  return (
    <IntakeFields
      draft={draft}
      setDraft={setDraft}
      vocabulary={vocabulary}
      consentText={vocabulary.consent_text}
      errorFor={(p) => problem?.messageFor(p)}
      audience="staff"
    />
  );
}

describe('<IntakeFields>', () => {
  it('adds a pain area per region clicked, reopens it on a second click, and edits it', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Left knee: no pain recorded' }));
    await user.click(screen.getByRole('button', { name: 'Lower back: no pain recorded' }));
    await user.click(screen.getByRole('button', { name: /^Left knee:/ }));
    expect(latest.pain_areas.map((a) => `${a.region}:${a.side}`)).toEqual(['knee:left', 'lower_back:midline']);

    const knee = screen.getByRole('group', { name: 'Left knee' });
    // A new area has no intensity until one is chosen (nothing is saved as 5/10 by default).
    expect(latest.pain_areas[0]?.intensity).toBeNull();
    const intensity = within(knee).getByRole('radiogroup', { name: /^Intensity: not rated/ });
    // Picking moved focus to the area's intensity, so it is the next thing set.
    expect(within(intensity).getByRole('radio', { name: '0' })).toHaveFocus();
    await user.click(within(intensity).getByRole('radio', { name: '7' }));
    expect(within(knee).getByText('7/10, severe')).toBeInTheDocument();
    await user.click(within(knee).getByLabelText('Sharp'));
    await user.selectOptions(within(knee).getByLabelText('Side'), 'bilateral');
    expect(latest.pain_areas[0]).toMatchObject({ side: 'bilateral', intensity: 7, qualities: ['sharp'] });
    expect(screen.getByRole('button', { name: 'Right knee: pain 7/10, severe' })).toBeInTheDocument();
  });

  it('adds a region the map cannot draw from the list, and removes areas', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.selectOptions(screen.getByLabelText('Or add a region from the list'), 'arm');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(latest.pain_areas).toEqual([{ region: 'arm', side: 'left', intensity: null, qualities: [], aggravating: [] }]);
    await user.click(screen.getByRole('button', { name: /Remove left arm/i }));
    expect(latest.pain_areas).toEqual([]);
    expect(screen.getByText('No pain areas yet.')).toBeInTheDocument();
  });

  it('shows each validation error next to the field its pointer names', async () => {
    const user = userEvent.setup();
    const problem = new ApiProblem({
      type: '/problems/validation',
      title: 'Invalid input',
      status: 422,
      errors: [
        { pointer: '/pain_areas/0/intensity', message: 'must be between 0 and 10' },
        { pointer: '/consent/agreed', message: 'consent is required' },
      ],
    });
    const { rerender } = render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Left knee: no pain recorded' }));
    rerender(<Harness problem={problem} />);
    const intensity = screen.getByRole('radiogroup', { name: /^Intensity/ });
    expect(intensity).toHaveAccessibleDescription('must be between 0 and 10');
    expect(intensity).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('I have read and agree to the above')).toHaveAccessibleDescription(
      'consent is required',
    );
  });

  it('sends empty text as null and the consent version shown', () => {
    const input = toIntakeInput({ ...emptyDraft(), chief_complaint: '  Sore  ', signer_name: ' Alex ', agreed: true }, 'v1');
    expect(input).toMatchObject({
      chief_complaint: 'Sore',
      goals: null,
      consent: { signer_name: 'Alex', agreed: true, text_version: 'v1' },
    });
  });
});
