// The client's care plan (owners and therapists only): start one from the races, the active
// plan's phases on a timeline with the races marked, its booked sessions, and proposals.
import { useMemo, useState } from 'react';
import { useBookings } from '../api/bookings';
import { useCarePlans } from '../api/care';
import { useServicesList } from '../api/catalog';
import { useRaces } from '../api/clients';
import { usePractice } from '../api/practice';
import { useStaff } from '../api/staffDirectory';
import type { ClientView, Phase, ProposalView } from '../api/types';
import { browserZone, localDateOf, toInstant } from '../calendar/zone';
import { formatDate } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/states';
import { planBookings } from './plan';
import { PlanSessions } from './PlanSessions';
import { PlanTimeline } from './PlanTimeline';
import { StartPlanForm } from './StartPlanForm';
import { SuggestPanel } from './SuggestPanel';
import './care.css';

export function CarePlanSection({ client }: { client: ClientView }) {
  const plans = useCarePlans(client.id, true);
  const races = useRaces(client.id);
  const services = useServicesList();
  const staff = useStaff();
  const practice = usePractice();
  const zone = practice.data?.data.time_zone ?? browserZone();
  const plan = plans.data?.find((p) => p.active);
  const span = useMemo(() => {
    const days = (plan?.phases ?? []).flatMap((p) => [p.starts_on, p.ends_on]).sort();
    const first = days[0];
    const last = days[days.length - 1];
    return first && last ? { from: toInstant(first, 0, zone).toISOString(), to: toInstant(last, 1440, zone).toISOString() } : null;
  }, [plan, zone]);
  const bookings = useBookings({ clientId: client.id, from: span?.from ?? '', to: span?.to ?? '' }, span !== null);
  const [proposals, setProposals] = useState<readonly ProposalView[]>([]);
  const [restart, setRestart] = useState(false);

  const pending = plans.isPending || races.isPending || services.isPending || staff.isPending;
  const error = plans.error ?? races.error ?? services.error ?? staff.error;
  const therapists = (staff.data ?? []).filter((s) => s.active && s.role !== 'front_desk');
  const nameOf = {
    service: (id: string) => services.data?.find((s) => s.id === id)?.name ?? 'Service',
    therapist: (id: string) => staff.data?.find((s) => s.id === id)?.display_name ?? 'Therapist',
  };
  const phaseService = (phase: Phase) =>
    nameOf.service(phase.service_id ?? (phase.kind === 'taper' && plan?.light_service_id ? plan.light_service_id : plan?.service_id ?? ''));
  const booked = plan ? planBookings(plan, bookings.data ?? [], zone) : [];
  const startForm = (replacing: boolean) => (
    <StartPlanForm client={client} races={races.data ?? []} services={services.data ?? []} therapists={therapists} replacing={replacing}
      onStarted={() => setRestart(false)} />
  );
  return (
    <section className="card wide care-plan" aria-labelledby="care-plan-heading">
      <div className="card-head">
        <h2 id="care-plan-heading">Care plan</h2>
        {plan ? (
          <button type="button" className="button subtle" aria-expanded={restart} onClick={() => setRestart(!restart)}>
            Start a new plan from races
          </button>
        ) : null}
      </div>
      {pending ? <Loading what="the care plan" /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {!pending && !error && !plan ? startForm(false) : null}
      {plan && restart ? startForm(true) : null}
      {plan && !pending ? (
        <>
          <p className="muted">
            {plan.from_races ? 'Built from the races' : 'Set by hand'} on {formatDate(plan.created_at)} · with{' '}
            {nameOf.therapist(plan.therapist_id)} · {nameOf.service(plan.service_id)}
            {plan.light_service_id ? `, lighter before a race: ${nameOf.service(plan.light_service_id)}` : ''}
          </p>
          <PlanTimeline
            phases={plan.phases}
            races={races.data ?? []}
            sessions={booked.map((b) => localDateOf(new Date(b.starts_at), zone))}
            proposals={proposals.map((p) => localDateOf(new Date(p.starts_at), zone))}
            today={localDateOf(new Date(), zone)}
            serviceName={phaseService}
          />
          <PlanSessions bookings={booked} zone={zone} therapistName={nameOf.therapist} />
          <SuggestPanel key={plan.id} planId={plan.id} zone={zone} nameOf={nameOf} onProposals={setProposals} />
        </>
      ) : null}
    </section>
  );
}
