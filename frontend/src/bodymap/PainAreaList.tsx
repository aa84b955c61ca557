// Pain areas as text, beside the map: region and side, intensity as number and word,
// how it feels and what makes it worse.
import type { PainArea, Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { describeIntensity, intensityBand } from './intensity';
import { areaName } from './model';

export function PainAreaList({ areas, vocabulary }: { areas: readonly PainArea[]; vocabulary: Vocabulary }) {
  if (areas.length === 0) return <p className="empty">No pain areas recorded.</p>;
  const max = vocabulary.pain_scale.max;
  return (
    <ul className="pain-area-summary">
      {areas.map((area, i) => {
        const qualities = (area.qualities ?? []).map((q) => labelOf(vocabulary.pain_qualities, q));
        const worse = (area.aggravating ?? []).map((a) => labelOf(vocabulary.aggravating_factors, a));
        return (
          <li key={i} data-region={area.region} data-side={area.side}>
            <span className="swatch" style={{ background: intensityBand(area.intensity).fill }} aria-hidden="true" />
            <strong>{areaName(labelOf(vocabulary.body_regions, area.region), area.side)}</strong>{' '}
            <span className="intensity-text">{describeIntensity(area.intensity, max)}</span>
            {qualities.length ? <span className="muted"> · {qualities.join(', ')}</span> : null}
            {worse.length ? <span className="muted"> · worse with {worse.join(', ').toLowerCase()}</span> : null}
            {area.notes ? <p className="area-notes">{area.notes}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}
