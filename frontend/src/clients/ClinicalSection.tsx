// The clinical part of a client page (owners and therapists only): the latest pain areas
// on the body map, and every intake version.
import { Link } from 'react-router';
import { useIntakeForms } from '../api/intake';
import type { IntakeFormView, Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { BodyMap } from '../bodymap/BodyMap';
import { PainAreaList } from '../bodymap/PainAreaList';
import { formatDate, formatDateTime } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';

export function ClinicalSection({ clientId, vocabulary }: { clientId: string; vocabulary: Vocabulary }) {
  const forms = useIntakeForms(clientId, true);
  const latest = forms.data?.[0];
  return (
    <>
      <section className="card wide" aria-labelledby="pain-heading">
        <div className="card-head">
          <h2 id="pain-heading">Pain areas</h2>
          <Link className="button primary" to={`/clients/${clientId}/intake/new`}>
            New intake
          </Link>
        </div>
        {forms.isPending ? <Loading what="intake" /> : null}
        {forms.isError ? <ErrorMessage error={forms.error} /> : null}
        {forms.data && !latest ? <Empty>No intake on file yet.</Empty> : null}
        {latest ? (
          <>
            <p className="muted">
              From intake version {latest.form_version}, {formatDate(latest.created_at)}.
            </p>
            <div className="map-with-list">
              <BodyMap
                regions={vocabulary.body_regions}
                views={vocabulary.body_views}
                painAreas={latest.pain_areas}
                label={`Pain areas from intake version ${latest.form_version}`}
              />
              <PainAreaList areas={latest.pain_areas} vocabulary={vocabulary} />
            </div>
          </>
        ) : null}
      </section>
      {forms.data && forms.data.length > 0 ? (
        <section className="card wide" aria-labelledby="history-heading">
          <h2 id="history-heading">Intake history</h2>
          <ol className="intake-history">
            {forms.data.map((form) => (
              <IntakeVersion key={form.id} form={form} vocabulary={vocabulary} />
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function IntakeVersion({ form, vocabulary }: { form: IntakeFormView; vocabulary: Vocabulary }) {
  const by = form.submitted_by.kind === 'client_link' ? 'by the client (link)' : 'by staff';
  return (
    <li>
      <details>
        <summary>
          Version {form.form_version} · {formatDateTime(form.created_at)} · {by}
          {form.chief_complaint ? <span className="muted"> · {form.chief_complaint}</span> : null}
        </summary>
        <dl className="details">
          <dt>Chief complaint</dt>
          <dd>{form.chief_complaint ?? '—'}</dd>
          <dt>Pain areas</dt>
          <dd>
            <PainAreaList areas={form.pain_areas} vocabulary={vocabulary} />
          </dd>
          <dt>Contraindications</dt>
          <dd>
            {form.contraindications.length
              ? form.contraindications.map((c) => labelOf(vocabulary.contraindications, c)).join(', ')
              : 'None'}
          </dd>
          <dt>Conditions</dt>
          <dd>{form.conditions ?? '—'}</dd>
          <dt>Medical history</dt>
          <dd>{form.medical_history ?? '—'}</dd>
          <dt>Medications</dt>
          <dd>{form.medications ?? '—'}</dd>
          <dt>Goals</dt>
          <dd>{form.goals ?? '—'}</dd>
          <dt>Consent</dt>
          <dd>
            {form.consent.signer_name}, {formatDateTime(form.consent.consented_at)} (text {form.consent.text_version})
          </dd>
        </dl>
      </details>
    </li>
  );
}
