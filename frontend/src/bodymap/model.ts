// Pure body-map logic: which spots each view shows (from the vocabulary and the shapes),
// which side a spot stands for, and how much each spot hurts.
import type { BodyRegion, PainArea, RegionTerm, Side } from '../api/types';
import { SHAPES, VIEWBOX } from './shapes';

export interface Spot {
  key: string;
  region: BodyRegion;
  label: string;
  side: Side;
  d: string;
  mirrored: boolean;
  layer: number;
}

/**
 * The person faces the viewer on the front view, so their right side is on the viewer's
 * left; on the back view the viewer sees their left on the left.
 */
export function sideOnViewersLeft(view: string): Side {
  return view === 'front' ? 'right' : 'left';
}

function opposite(side: Side): Side {
  return side === 'left' ? 'right' : 'left';
}

export function spotsFor(view: string, regions: readonly RegionTerm[]): Spot[] {
  const spots: Spot[] = [];
  for (const term of regions) {
    if (term.view !== view) continue;
    const shape = SHAPES[`${view}:${term.id}`];
    if (!shape) continue;
    const layer = shape.layer ?? 0;
    const base = { region: term.id, label: term.label, layer };
    if (shape.half && term.sides.includes('left') && term.sides.includes('right')) {
      const near = sideOnViewersLeft(view);
      spots.push({ ...base, key: `${term.id}:${near}`, side: near, d: shape.half, mirrored: false });
      const far = opposite(near);
      spots.push({ ...base, key: `${term.id}:${far}`, side: far, d: shape.half, mirrored: true });
    } else if (shape.midline && term.sides.includes('midline')) {
      spots.push({ ...base, key: `${term.id}:midline`, side: 'midline', d: shape.midline, mirrored: false });
    }
  }
  return spots.sort((a, b) => a.layer - b.layer);
}

/** Regions the map cannot show: no shape for their view, or sides the shape cannot draw. */
export function unmappedRegions(regions: readonly RegionTerm[]): RegionTerm[] {
  const drawn = new Set(
    [...new Set(regions.map((r) => r.view))].flatMap((v) => spotsFor(v, regions)).map((s) => s.region),
  );
  return regions.filter((r) => !drawn.has(r.id));
}

/** Whether a recorded pain area covers a spot (a bilateral one covers both sides). */
export function covers(area: Pick<PainArea, 'region' | 'side'>, region: BodyRegion, side: Side): boolean {
  return area.region === region && (area.side === side || area.side === 'bilateral');
}

/** The worst intensity recorded on a spot, or null when nothing is recorded there. */
export function spotIntensity(areas: readonly PainArea[], spot: Pick<Spot, 'region' | 'side'>): number | null {
  let worst: number | null = null;
  for (const area of areas) {
    if (covers(area, spot.region, spot.side)) worst = Math.max(worst ?? 0, area.intensity);
  }
  return worst;
}

export const MIRROR = `translate(${VIEWBOX.width},0) scale(-1,1)`;

export function sideLabel(side: Side): string {
  return side === 'bilateral' ? 'both sides' : side;
}

/** "Left calf", "Lower back", "Knee, both sides". */
export function areaName(label: string, side: Side): string {
  if (side === 'midline') return label;
  if (side === 'bilateral') return `${label}, both sides`;
  return `${side.charAt(0).toUpperCase()}${side.slice(1)} ${lowerFirst(label)}`;
}

/** "Calf" → "calf" inside a sentence, but "IT band" stays as it is. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
