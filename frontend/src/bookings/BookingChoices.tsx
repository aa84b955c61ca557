// The what, who, where and when of a new booking, with the day's free times to pick from.
import { SelectField, TextField } from '../ui/fields';
import { clock } from '../calendar/zone';
import { SlotPicker } from './SlotPicker';
import type { useBookingForm } from './useBookingForm';
import type { DeskData } from './useDeskData';

export function BookingChoices({ form, desk }: { form: ReturnType<typeof useBookingForm>; desk: DeskData }) {
  const { fields, set, errorFor } = form;
  const service = desk.services.find((s) => s.id === fields.serviceId);
  const hint = service
    ? `${service.duration_minutes} minutes${service.preparation ? `. Preparation: ${service.preparation}` : ''}`
    : undefined;
  return (
    <>
      <SelectField
        pointer="/service_id"
        label="Service"
        value={fields.serviceId}
        hint={hint}
        error={errorFor('/service_id')}
        onChange={(e) => set({ serviceId: e.target.value })}
      >
        <option value="">Choose a service</option>
        {desk.services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.duration_minutes} min)
          </option>
        ))}
      </SelectField>
      <div className="field-row">
        <SelectField
          pointer="/therapist_id"
          label="Therapist"
          value={fields.therapistId}
          error={errorFor('/therapist_id')}
          onChange={(e) => set({ therapistId: e.target.value })}
        >
          <option value="">Any therapist</option>
          {desk.therapists.map((t) => (
            <option key={t.id} value={t.id}>
              {t.display_name}
            </option>
          ))}
        </SelectField>
        <SelectField
          pointer="/room_id"
          label="Room"
          value={fields.roomId}
          error={errorFor('/room_id')}
          onChange={(e) => set({ roomId: e.target.value })}
        >
          <option value="">No room</option>
          {desk.rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="field-row">
        <TextField
          pointer="/date"
          label="Day"
          type="date"
          value={fields.date}
          required
          onChange={(e) => set({ date: e.target.value })}
        />
        <TextField
          pointer={form.repeating ? '/first_start' : '/starts_at'}
          label="Time"
          type="time"
          step={300}
          value={fields.time}
          required
          hint={`In ${desk.zone}`}
          error={errorFor('/starts_at') ?? errorFor('/first_start')}
          onChange={(e) => set({ time: e.target.value })}
        />
      </div>
      <SlotPicker
        serviceId={fields.serviceId}
        therapistId={fields.therapistId}
        date={fields.date}
        zone={desk.zone}
        nameOf={desk.nameOf}
        onPick={(minutes, therapistId) => set({ time: clock(minutes), therapistId })}
      />
    </>
  );
}
