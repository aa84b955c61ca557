// Before a series is saved: the preview of every occurrence, and for clashes the choice to
// skip them or go back and change the time.
import { useState } from 'react';
import { SeriesPreviewList, problemsOf } from './SeriesPreviewList';
import type { useBookingForm } from './useBookingForm';

export function SeriesSubmit({ form, zone }: { form: ReturnType<typeof useBookingForm>; zone: string }) {
  const [skip, setSkip] = useState(true);
  const preview = form.preview;
  const clashes = preview?.occurrences.filter((o) => problemsOf(o).length > 0).length ?? 0;
  const total = preview?.occurrences.length ?? 0;
  if (!preview) {
    return (
      <div className="actions">
        <button type="button" className="button primary" disabled={form.busy} onClick={form.runPreview}>
          Preview sessions
        </button>
      </div>
    );
  }
  return (
    <>
      <SeriesPreviewList occurrences={preview.occurrences} zone={zone} />
      {clashes > 0 ? (
        <fieldset className="clash-choice">
          <legend>Sessions that clash</legend>
          <label className="check">
            <input type="radio" name="on-conflict" checked={skip} onChange={() => setSkip(true)} />
            <span>Skip them and book the rest</span>
          </label>
          <label className="check">
            <input type="radio" name="on-conflict" checked={!skip} onChange={() => setSkip(false)} />
            <span>Change the time instead (nothing is booked while any clash)</span>
          </label>
        </fieldset>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={form.busy || (clashes > 0 && !skip)}
          onClick={() => form.submit(skip ? 'skip' : 'reject', () => undefined)}
        >
          Book {total - (skip ? clashes : 0)} sessions
        </button>
      </div>
    </>
  );
}
