// The body map: one figure per view the vocabulary names, each region a shape coloured by
// the worst pain recorded there. Given `onPick`, regions are picked with buttons of at least
// 44×44 CSS px, named after region, side and intensity: the feet on large insets, the rest
// beside the drawing; with a mouse the drawing's shapes can be clicked too (on touch screens
// they are too small to tap reliably, so only the buttons take taps). Without `onPick` the
// map is one labelled image per view.
import type { BodyRegion, PainArea, RegionTerm, Side, Term } from '../api/types';
import { FootInsets } from './FootInsets';
import { RegionButtons } from './RegionButtons';
import { LEGEND, UNMARKED_FILL, describeIntensity, intensityBand } from './intensity';
import { MIRROR, areaName, sideOnViewersLeft, spotIntensity, spotsFor, type Spot } from './model';
import { DECOR, FOOT_SHAPES, VIEWBOX } from './shapes';
import './bodymap.css';

export interface BodyMapProps {
  regions: readonly RegionTerm[];
  views: readonly Term[];
  painAreas: readonly PainArea[];
  /** Makes the map interactive: called with the region and side of the shape picked. */
  onPick?: (region: BodyRegion, side: Side) => void;
  /** Names the map for assistive technology, e.g. "Pain areas from the intake of 3 May". */
  label: string;
  /** The spot being worked on, outlined and announced as pressed. */
  selected?: { region: BodyRegion; side: Side } | null;
}

export function BodyMap({ regions, views, painAreas, onPick, label, selected = null }: BodyMapProps) {
  const summary = painAreas.length
    ? `${label}: ${painAreas.length} pain area${painAreas.length === 1 ? '' : 's'}`
    : `${label}: no pain areas`;
  return (
    <div className={`body-map${onPick ? ' interactive' : ''}`} role={onPick ? 'group' : undefined} aria-label={onPick ? label : undefined}>
      <div className="body-map-drawing">
      <div className="body-map-figures">
        {views.map((view) => (
          <Figure
            key={view.id}
            view={view}
            spots={spotsFor(view.id, regions)}
            painAreas={painAreas}
            onPick={onPick}
            selected={selected}
            imageLabel={onPick ? undefined : `${summary} (${view.label.toLowerCase()} view)`}
          />
        ))}
      </div>
      {onPick ? <FootInsets regions={regions} painAreas={painAreas} onPick={onPick} selected={selected} /> : null}
      <Legend />
      </div>
      {onPick ? <RegionButtons regions={regions} views={views} painAreas={painAreas} onPick={onPick} selected={selected} /> : null}
    </div>
  );
}

interface FigureProps {
  view: Term;
  spots: Spot[];
  painAreas: readonly PainArea[];
  onPick: BodyMapProps['onPick'];
  selected: BodyMapProps['selected'];
  imageLabel: string | undefined;
}

function Figure({ view, spots, painAreas, onPick, selected, imageLabel }: FigureProps) {
  const near = sideOnViewersLeft(view.id) === 'left' ? 'L' : 'R';
  const far = near === 'L' ? 'R' : 'L';
  return (
    <figure className="body-figure">
      <figcaption>{view.label}</figcaption>
      <svg
        viewBox={`0 0 ${VIEWBOX.width} ${VIEWBOX.height}`}
        role="img"
        aria-label={imageLabel ?? `${view.label} view`}
        aria-hidden={onPick ? true : undefined}
        data-view={view.id}
      >
        <text x="14" y="20" className="side-mark" aria-hidden="true">{near}</text>
        <text x="186" y="20" className="side-mark" textAnchor="end" aria-hidden="true">{far}</text>
        <g aria-hidden="true" className="decor">
          {(DECOR[view.id] ?? []).map((shape, i) => (
            <g key={i}>
              {shape.midline ? <path d={shape.midline} /> : null}
              {shape.half ? <path d={shape.half} /> : null}
              {shape.half ? <path d={shape.half} transform={MIRROR} /> : null}
            </g>
          ))}
        </g>
        {spots.map((spot) => (
          <SpotShape
            key={spot.key}
            spot={spot}
            intensity={spotIntensity(painAreas, spot)}
            onPick={onPick}
            selected={selected?.region === spot.region && selected.side === spot.side}
          />
        ))}
      </svg>
    </figure>
  );
}

function SpotShape({
  spot,
  intensity,
  onPick,
  selected,
}: {
  spot: Spot;
  intensity: number | null;
  onPick: BodyMapProps['onPick'];
  selected: boolean;
}) {
  const name = areaName(spot.label, spot.side);
  const state = intensity === null ? 'no pain recorded' : `pain ${describeIntensity(intensity)}`;
  const fill = intensity === null ? UNMARKED_FILL : intensityBand(intensity).fill;
  const common = {
    d: spot.d,
    fill,
    transform: spot.mirrored ? MIRROR : undefined,
    'data-region': spot.region,
    'data-side': spot.side,
    'data-intensity': intensity ?? undefined,
    className: `spot${intensity === null ? '' : ' marked'}${selected ? ' selected' : ''}`,
  };
  if (!onPick) return <path {...common} aria-hidden="true" />;
  // A pointer convenience only: the buttons beside the drawing and the foot insets are the
  // accessible, thumb-sized way to pick the same region.
  const onFoot = spot.region in FOOT_SHAPES;
  return (
    <path {...common} className={`${common.className} clickable${onFoot ? ' on-inset' : ''}`} onClick={onFoot ? undefined : () => onPick(spot.region, spot.side)}>
      <title>{`${name}: ${state}`}</title>
    </path>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Intensity colours">
      {LEGEND.map((item) => (
        <li key={item.label}>
          <span className="swatch" style={{ background: item.fill }} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
