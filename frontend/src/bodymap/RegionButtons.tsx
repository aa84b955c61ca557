// Every region as a row of side buttons beside the drawing: thumb-sized (44×44 CSS px at
// least) where the drawing's shapes are small, reachable by keyboard and named for screen
// readers. The feet have their own large drawing (FootInsets) and are not repeated here.
import type { BodyRegion, PainArea, RegionTerm, Side, Term } from '../api/types';
import { footRegions } from './FootInsets';
import { UNMARKED_FILL, describeIntensity, intensityBand } from './intensity';
import { areaName, spotIntensity } from './model';

interface Props {
  regions: readonly RegionTerm[];
  views: readonly Term[];
  painAreas: readonly PainArea[];
  onPick: (region: BodyRegion, side: Side) => void;
  selected: { region: BodyRegion; side: Side } | null;
}

function sidesOf(term: RegionTerm): Side[] {
  if (term.sides.includes('left') && term.sides.includes('right')) return ['left', 'right'];
  return term.sides.includes('midline') ? ['midline'] : term.sides.slice(0, 1);
}

const SHORT: Record<Side, string> = { left: 'L', right: 'R', midline: 'Tap', bilateral: 'Both' };

export function RegionButtons({ regions, views, painAreas, onPick, selected }: Props) {
  const feet = new Set(footRegions(regions).map((r) => r.id));
  const groups = [...views.map((v) => ({ id: v.id, label: v.label })), { id: '', label: 'Other' }];
  return (
    <div className="region-buttons">
      {groups.map((group) => {
        const terms = regions.filter((r) => !feet.has(r.id) && (group.id ? r.view === group.id : !views.some((v) => v.id === r.view)));
        if (terms.length === 0) return null;
        return (
          <div key={group.id || 'other'} role="group" aria-label={`${group.label} regions`} className="region-group">
            <h3 aria-hidden="true">{group.label}</h3>
            <ul>
              {terms.map((term) => (
                <li key={term.id}>
                  <span className="region-name">{term.label}</span>
                  {sidesOf(term).map((side) => {
                    const intensity = spotIntensity(painAreas, { region: term.id, side });
                    const name = areaName(term.label, side);
                    const state = intensity === null ? 'no pain recorded' : `pain ${describeIntensity(intensity)}`;
                    const chosen = selected?.region === term.id && selected.side === side;
                    return (
                      <button key={side} type="button" className={`side-button${chosen ? ' selected' : ''}`}
                        aria-label={`${name}: ${state}`} aria-pressed={chosen} data-region={term.id} data-side={side}
                        style={{ background: intensity === null ? UNMARKED_FILL : intensityBand(intensity).fill }}
                        onClick={() => onPick(term.id, side)}>
                        {SHORT[side]}
                      </button>
                    );
                  })}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
