// The feet drawn large beside the body map, one per side: each foot region is a target of at
// least 44×44 CSS px, far enough from the next that a tap a little off still lands on it.
import type { BodyRegion, PainArea, RegionTerm, Side } from '../api/types';
import { UNMARKED_FILL, describeIntensity, intensityBand } from './intensity';
import { areaName, spotIntensity } from './model';
import { FOOT_LABELS, FOOT_OUTLINE, FOOT_SHAPES, FOOT_VIEWBOX } from './shapes';

interface Props {
  regions: readonly RegionTerm[];
  painAreas: readonly PainArea[];
  onPick: (region: BodyRegion, side: Side) => void;
  selected: { region: BodyRegion; side: Side } | null;
}

export function footRegions(regions: readonly RegionTerm[]): RegionTerm[] {
  return regions.filter((r) => r.id in FOOT_SHAPES && r.sides.includes('left') && r.sides.includes('right'));
}

export function FootInsets({ regions, painAreas, onPick, selected }: Props) {
  const feet = footRegions(regions);
  if (feet.length === 0) return null;
  return (
    <div className="foot-insets">
      {(['left', 'right'] as const).map((side) => (
        <figure key={side} className="foot-inset">
          <figcaption>{side === 'left' ? 'Left foot' : 'Right foot'}</figcaption>
          <svg viewBox={`0 0 ${FOOT_VIEWBOX.width} ${FOOT_VIEWBOX.height}`} role="group" aria-label={`${side === 'left' ? 'Left' : 'Right'} foot, inner side`} data-foot={side}>
            <g transform={side === 'right' ? `translate(${FOOT_VIEWBOX.width},0) scale(-1,1)` : undefined}>
            <path d={FOOT_OUTLINE} className="foot-outline" aria-hidden="true" />
            {feet.map((term) => {
              const intensity = spotIntensity(painAreas, { region: term.id, side });
              const name = areaName(term.label, side);
              const state = intensity === null ? 'no pain recorded' : `pain ${describeIntensity(intensity)}`;
              const chosen = selected?.region === term.id && selected.side === side;
              const pick = () => onPick(term.id, side);
              return (
                <path key={term.id} d={FOOT_SHAPES[term.id]} role="button" tabIndex={0} aria-label={`${name}: ${state}`}
                  aria-pressed={chosen} data-region={term.id} data-side={side} data-intensity={intensity ?? undefined}
                  className={`spot${intensity === null ? '' : ' marked'}${chosen ? ' selected' : ''}`}
                  fill={intensity === null ? UNMARKED_FILL : intensityBand(intensity).fill}
                  onClick={pick}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      pick();
                    }
                  }}>
                  <title>{`${name}: ${state}`}</title>
                </path>
              );
            })}
            </g>
            {feet.map((term) => {
              const at = FOOT_LABELS[term.id];
              if (!at) return null;
              const x = side === 'right' ? FOOT_VIEWBOX.width - at.x : at.x;
              return <text key={term.id} x={x} y={at.y} textAnchor="middle" className="foot-label" aria-hidden="true">{at.text}</text>;
            })}
          </svg>
        </figure>
      ))}
    </div>
  );
}
