// Pain intensity as colour and words together, so the map never relies on colour alone.

export interface IntensityBand {
  name: string;
  fill: string;
}

const BANDS: readonly (IntensityBand & { upTo: number })[] = [
  { upTo: 0, name: 'no pain', fill: '#cfe8d5' },
  { upTo: 3, name: 'mild', fill: '#f7d774' },
  { upTo: 6, name: 'moderate', fill: '#f0964a' },
  { upTo: 10, name: 'severe', fill: '#cf3f3f' },
];

export const UNMARKED_FILL = '#e4e8eb';

export function intensityBand(intensity: number): IntensityBand {
  const band = BANDS.find((b) => intensity <= b.upTo) ?? BANDS[BANDS.length - 1];
  if (!band) throw new Error('no intensity bands');
  return { name: band.name, fill: band.fill };
}

export function describeIntensity(intensity: number, max = 10): string {
  return `${intensity}/${max}, ${intensityBand(intensity).name}`;
}

export const LEGEND: readonly { label: string; fill: string }[] = [
  { label: '0 no pain', fill: '#cfe8d5' },
  { label: '1–3 mild', fill: '#f7d774' },
  { label: '4–6 moderate', fill: '#f0964a' },
  { label: '7–10 severe', fill: '#cf3f3f' },
];
