// The pain trend on a client page (clinical roles): pick a region and side, see its chart
// and table. Loaded lazily with the chart.
import { useId, useState } from 'react';
import { useRaces } from '../api/clients';
import { usePainTrend } from '../api/reports';
import type { Side, Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { areaName } from '../bodymap/model';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { PainTrendChart } from './PainTrendChart';
import { seriesOf } from './painSeries';
import './charts.css';

export function PainTrendSection({ clientId, vocabulary }: { clientId: string; vocabulary: Vocabulary }) {
  const trend = usePainTrend(clientId, true);
  const races = useRaces(clientId);
  const [chosen, setChosen] = useState('');
  const selectId = useId();
  const all = seriesOf(trend.data ?? []);
  const name = (s: { region: string; side: string }) => areaName(labelOf(vocabulary.body_regions, s.region), s.side as Side);
  const series = all.find((s) => s.key === chosen) ?? all[0];
  return (
    <section className="card wide" aria-labelledby="trend-heading">
      <div className="card-head">
        <h2 id="trend-heading">Pain trend</h2>
        {all.length > 1 ? (
          <div className="inline">
            <label htmlFor={selectId}>Region</label>
            <select id={selectId} value={series?.key ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {all.map((s) => <option key={s.key} value={s.key}>{name(s)}</option>)}
            </select>
          </div>
        ) : null}
      </div>
      {trend.isPending ? <Loading what="the pain trend" /> : null}
      {trend.isError ? <ErrorMessage error={trend.error} /> : null}
      {trend.data && !series ? <Empty>No pain scores yet.</Empty> : null}
      {series ? <PainTrendChart series={series} title={name(series)} races={races.data ?? []} /> : null}
    </section>
  );
}
