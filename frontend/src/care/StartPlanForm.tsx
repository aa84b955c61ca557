// "Start a plan from races": the service, the lighter one before a race, and who the sessions
// are with (the client's preferred therapist, else whoever is signed in, unless changed). The
// API builds the phases.
import { useState, type SubmitEvent } from 'react';
import { useCreateCarePlan } from '../api/care';
import { useTokens } from '../api/context';
import type { ClientView, RaceView, ServiceView } from '../api/types';
import type { StaffView } from '../api/staffDirectory';
import { ErrorSummary } from '../ui/ErrorSummary';
import { SelectField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';

interface Props {
  client: ClientView;
  races: readonly RaceView[];
  services: readonly ServiceView[];
  therapists: readonly StaffView[];
  /** Wording when a plan exists already (the new one replaces it). */
  replacing: boolean;
  onStarted?: () => void;
}

export function StartPlanForm({ client, races, services, therapists, replacing, onStarted }: Props) {
  const longest = [...services].sort((a, b) => b.duration_minutes - a.duration_minutes);
  const usual = services.find((s) => s.duration_minutes === 60) ?? longest[0];
  const lighter = [...services].sort((a, b) => a.duration_minutes - b.duration_minutes)[0];
  const [serviceId, setServiceId] = useState(usual?.id ?? '');
  const [lightId, setLightId] = useState(lighter && lighter.id !== usual?.id ? lighter.id : '');
  const me = useTokens()?.staffId;
  const fallback = therapists.some((t) => t.id === me) ? (me ?? '') : '';
  const [therapistId, setTherapistId] = useState(client.preferred_therapist_id ?? fallback);
  const create = useCreateCarePlan(client.id);
  const { problem, setProblem, errorFor } = useProblem();
  const goalRaces = races.filter((r) => r.priority !== 'c');

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    create.mutate(
      { service_id: serviceId, light_service_id: lightId || null, therapist_id: therapistId || null },
      { onError: setProblem, onSuccess: () => onStarted?.() },
    );
  };
  return (
    <form className="start-plan" onSubmit={submit} aria-label="Start a plan from races">
      <p className="muted">
        {goalRaces.length
          ? `Builds phases from ${goalRaces.map((r) => r.name).join(', ')}: build, taper, race, recovery and maintenance.`
          : 'No A or B race on file: the plan will be maintenance only. Add races to build around them.'}
        {replacing ? ' The current plan is kept as history.' : ''}
      </p>
      <ErrorSummary problem={problem} />
      <div className="form-row">
        <SelectField pointer="/service_id" label="Service" value={serviceId} error={errorFor('/service_id')}
          onChange={(e) => setServiceId(e.target.value)}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </SelectField>
        <SelectField pointer="/light_service_id" label="Lighter service before a race" value={lightId}
          error={errorFor('/light_service_id')} onChange={(e) => setLightId(e.target.value)}>
          <option value="">The same service</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </SelectField>
        <SelectField pointer="/therapist_id" label="Therapist" value={therapistId} error={errorFor('/therapist_id')}
          onChange={(e) => setTherapistId(e.target.value)}>
          {therapistId ? null : <option value="">Choose…</option>}
          {therapists.map((t) => (
            <option key={t.id} value={t.id}>
              {t.display_name}{t.id === client.preferred_therapist_id ? ' (preferred)' : ''}
            </option>
          ))}
        </SelectField>
      </div>
      <button type="submit" className="button primary" disabled={create.isPending || !serviceId}>
        {create.isPending ? 'Starting…' : 'Start a plan from races'}
      </button>
    </form>
  );
}
