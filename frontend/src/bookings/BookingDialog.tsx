// A new booking from an empty slot or "New booking": client, service (length and preparation
// shown), therapist, room, a free time, and optionally a repeat with the API's preview.
import { useVocabulary } from '../api/vocabulary';
import { Modal } from '../ui/Modal';
import { ProblemNotice } from '../ui/ProblemNotice';
import { BookingChoices } from './BookingChoices';
import { ClientPicker } from './ClientPicker';
import { OverrideFields } from './OverrideFields';
import { RepeatFields } from './RepeatFields';
import { SeriesSubmit } from './SeriesSubmit';
import { useBookingForm, type Draft } from './useBookingForm';
import '../calendar/calendar.css';
import { useDeskData } from './useDeskData';

export type { Draft };

export function BookingDialog({ draft, onClose }: { draft: Draft; onClose: () => void }) {
  const desk = useDeskData();
  const vocabulary = useVocabulary();
  const form = useBookingForm(draft, desk.zone);
  return (
    <Modal title="New booking" onClose={onClose} wide>
      {form.written ? (
        <div role="status" className="result">
          <p>
            <strong>
              {form.written.booked} {form.written.booked === 1 ? 'session' : 'sessions'} booked
            </strong>
            {form.written.skipped.length ? `, ${form.written.skipped.length} skipped (clashes)` : ''}.
          </p>
          <button type="button" className="button primary" onClick={onClose}>
            Done
          </button>
        </div>
      ) : (
        <form
          className="booking-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!form.repeating) form.submit('reject', onClose);
          }}
        >
          <ProblemNotice problem={form.problem} onReload={() => form.runPreview()} />
          <ClientPicker picked={form.client} onPick={form.setClient} />
          <BookingChoices form={form} desk={desk} />
          <label className="check">
            <input type="checkbox" checked={form.repeating} onChange={(e) => form.setRepeating(e.target.checked)} />
            <span>Repeat</span>
          </label>
          {form.repeating ? <RepeatFields value={form.repeat} errorFor={form.errorFor} onChange={form.setRepeat} /> : null}
          <OverrideFields
            value={form.override}
            reasons={vocabulary.data?.override_reasons ?? []}
            errorFor={form.errorFor}
            onChange={form.setOverride}
          />
          {form.repeating ? (
            <SeriesSubmit form={form} zone={desk.zone} />
          ) : (
            <div className="actions">
              <button type="submit" className="button primary" disabled={form.busy}>
                Book
              </button>
            </div>
          )}
        </form>
      )}
    </Modal>
  );
}
