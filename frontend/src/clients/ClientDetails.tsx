// A client's contact details, runner profile and races: not clinical, seen by every role.
import type { ReactNode } from 'react';
import type { ClientView, Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { formatDate } from '../ui/format';
import { Empty } from '../ui/states';
import { RacesEditor } from './RacesEditor';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

export function ContactCard({ client, vocabulary }: { client: ClientView; vocabulary: Vocabulary }) {
  const emergency = [client.emergency_contact.name, client.emergency_contact.phone].filter(Boolean).join(', ');
  return (
    <section className="card" aria-labelledby="contact-heading">
      <h2 id="contact-heading">Contact</h2>
      <dl className="details">
        <Row term="Email">{client.email}</Row>
        <Row term="Phone">{client.phone}</Row>
        <Row term="Born">{client.date_of_birth ? formatDate(client.date_of_birth) : null}</Row>
        <Row term="Emergency contact">{emergency || null}</Row>
        <Row term="Pressure">
          {client.pressure_preference ? labelOf(vocabulary.pressure_preferences, client.pressure_preference) : null}
        </Row>
        <Row term="Areas to avoid">
          {client.areas_to_avoid.length
            ? client.areas_to_avoid.map((r) => labelOf(vocabulary.body_regions, r)).join(', ')
            : null}
        </Row>
        <Row term="Notes">{client.notes}</Row>
      </dl>
    </section>
  );
}

export function RunnerCard({ client, vocabulary }: { client: ClientView; vocabulary: Vocabulary }) {
  const profile = client.runner_profile;
  const weekly = profile?.weekly_distance;
  return (
    <section className="card" aria-labelledby="runner-heading">
      <h2 id="runner-heading">Runner profile</h2>
      {profile ? (
        <dl className="details">
          <Row term="Weekly">{weekly ? `${weekly.value} ${weekly.unit}` : null}</Row>
          <Row term="Surfaces">
            {profile.surfaces?.length ? profile.surfaces.map((s) => labelOf(vocabulary.surfaces, s)).join(', ') : null}
          </Row>
          <Row term="Distances">
            {profile.usual_distances?.length
              ? profile.usual_distances.map((d) => labelOf(vocabulary.usual_distances, d)).join(', ')
              : null}
          </Row>
          <Row term="Shoes">{profile.shoes}</Row>
          <Row term="Goal">{profile.goal}</Row>
        </dl>
      ) : (
        <Empty>No runner profile.</Empty>
      )}
      <RacesEditor clientId={client.id} vocabulary={vocabulary} />
    </section>
  );
}

export function ClientDetails({ client, vocabulary }: { client: ClientView; vocabulary: Vocabulary }) {
  return (
    <>
      <ContactCard client={client} vocabulary={vocabulary} />
      <RunnerCard client={client} vocabulary={vocabulary} />
    </>
  );
}
