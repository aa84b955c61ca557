// Progress (owners and therapists only): the before-session pain trend per region with its
// change, and the flags with their messages — practice aids, not diagnoses, as `about` says.
import { useClientFlags } from '../api/care';
import type { Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { areaName } from '../bodymap/model';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { FlagList } from './FlagList';
import './care.css';

function changeText(change: number): string {
  if (change === 0) return 'no change';
  return change > 0 ? `+${change} (worse)` : `${change} (better)`;
}

export function ProgressSection({ clientId, vocabulary }: { clientId: string; vocabulary: Vocabulary }) {
  const progress = useClientFlags(clientId, true);
  const p = progress.data;
  return (
    <section className="card wide progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress and flags</h2>
      {progress.isPending ? <Loading what="progress" /> : null}
      {progress.isError ? <ErrorMessage error={progress.error} /> : null}
      {p ? (
        <>
          <p className="about">{p.about}</p>
          <h3>Flags</h3>
          {p.flags.length === 0 ? <Empty>No flags.</Empty> : <FlagList flags={p.flags} label="Flags" />}
          <h3>Pain before sessions, by region</h3>
          {p.trends.length === 0 ? (
            <Empty>No signed notes with pain scores yet.</Empty>
          ) : (
            <div className="table-scroll">
              <table className="clients trends">
                <caption className="muted">From signed notes; change is last minus first (negative is better).</caption>
                <thead>
                  <tr>
                    <th scope="col">Region</th>
                    <th scope="col">Sessions</th>
                    <th scope="col">First → last</th>
                    <th scope="col">Change</th>
                    <th scope="col">Per week</th>
                  </tr>
                </thead>
                <tbody>
                  {p.trends.map((t) => (
                    <tr key={`${t.region}-${t.side}`} className={t.change > 0 ? 'worse' : undefined}>
                      <th scope="row">{areaName(labelOf(vocabulary.body_regions, t.region), t.side)}</th>
                      <td>{t.sessions}</td>
                      <td>{t.first} → {t.last}</td>
                      <td>{changeText(t.change)}</td>
                      <td>{t.slope_per_week == null ? '—' : `${t.slope_per_week > 0 ? '+' : ''}${t.slope_per_week.toFixed(1)}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
