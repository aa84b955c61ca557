// Outcomes by technique (owners and therapists): for a region and dates, how much pain
// changed in the sessions that used each technique, as a chart and as a table.
import { useId, useState } from 'react';
import { useTechniqueOutcomes, type BodyRegion, type OutcomeFilter } from '../api/reports';
import { ApiProblem } from '../api/problem';
import { useVocabulary } from '../api/vocabulary';
import { techniqueLabel } from '../notes/techniqueLabel';
import { TextField } from '../ui/fields';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { OutcomeBars } from './OutcomeBars';
import './charts.css';

export function ReportsPage() {
  useTitle('Reports');
  const vocabulary = useVocabulary();
  const [filter, setFilter] = useState<OutcomeFilter>({ region: '', from: '', to: '' });
  const outcomes = useTechniqueOutcomes(filter);
  const regionId = useId();
  const problem = outcomes.error instanceof ApiProblem ? outcomes.error : null;
  const rows = (outcomes.data ?? []).map((o) => ({ name: vocabulary.data ? techniqueLabel(vocabulary.data, o.technique) : o.technique, outcome: o }));
  const regionName = vocabulary.data?.body_regions.find((r) => r.id === filter.region)?.label ?? 'all regions';
  return (
    <div className="page">
      <h1>Reports</h1>
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Outcomes by technique</h2>
        <p className="hint">Signed notes only. Change is mean pain after minus before: negative is better.</p>
        <div className="report-filters">
          <div className="field">
            <label htmlFor={regionId}>Region</label>
            <select id={regionId} value={filter.region} onChange={(e) => setFilter({ ...filter, region: e.target.value as BodyRegion | '' })}>
              <option value="">All regions</option>
              {vocabulary.data?.body_regions.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
            </select>
          </div>
          <TextField pointer="from" label="From" type="date" value={filter.from} error={problem?.messageFor('from')}
            onChange={(e) => setFilter({ ...filter, from: e.target.value })} />
          <TextField pointer="to" label="Before" type="date" value={filter.to} error={problem?.messageFor('to')} onChange={(e) => setFilter({ ...filter, to: e.target.value })} />
        </div>
        {outcomes.isPending ? <Loading what="outcomes" /> : null}
        {outcomes.isError ? <ErrorMessage error={outcomes.error} /> : null}
        {outcomes.data?.length === 0 ? <Empty>No signed sessions with pain scores match.</Empty> : null}
        {rows.length > 0 ? (
          <>
            <OutcomeBars rows={rows} label={`Mean pain before (orange) and after (teal) by technique, ${regionName}`} />
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Outcomes table (scrolls sideways)">
            <table className="data-table outcomes">
              <caption>Outcomes by technique, {regionName}</caption>
              <thead>
                <tr>
                  <th scope="col">Technique</th><th scope="col">Sessions</th><th scope="col">Clients</th>
                  <th scope="col">Mean before → after</th><th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ name, outcome: o }) => (
                  <tr key={o.technique} data-technique={o.technique}>
                    <th scope="row">{name}</th>
                    <td>{o.sessions}</td>
                    <td>{o.clients}</td>
                    <td>{o.mean_pain_before.toFixed(1)} → {o.mean_pain_after.toFixed(1)}</td>
                    <td>{o.mean_change > 0 ? '+' : ''}{o.mean_change.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          </>
        ) : null}
      </section>
    </div>
  );
}
