// How each region is drawn: the frontend's only body-map knowledge. Which regions exist,
// their labels, views and sides come from /v1/vocabulary; a region with no shape here is
// still offered from a list. Shapes sit in a 200×430 box; `half` is drawn on the viewer's
// left and mirrored to the right, `midline` once in the centre.

export interface Shape {
  half?: string;
  midline?: string;
  /** Drawn later (on top) when shapes overlap, e.g. piriformis over glutes. */
  layer?: number;
}

export const VIEWBOX = { width: 200, height: 430 };

function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return `M${cx - rx},${cy}a${rx},${ry} 0 1,0 ${rx * 2},0a${rx},${ry} 0 1,0 ${-rx * 2},0Z`;
}

function poly(...points: number[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) pairs.push(`${points[i]},${points[i + 1]}`);
  return `M${pairs.join('L')}Z`;
}

/** Keyed by `${view}:${region}`, the ids the vocabulary uses. */
export const SHAPES: Readonly<Record<string, Shape>> = {
  'front:head': { midline: ellipse(100, 32, 18, 22) },
  'front:chest': { midline: poly(70, 70, 130, 70, 134, 124, 66, 124) },
  'front:abdomen': { midline: poly(66, 126, 134, 126, 130, 178, 70, 178) },
  'front:shoulder': { half: ellipse(57, 80, 13, 12) },
  'front:arm': { half: poly(44, 94, 58, 98, 50, 212, 34, 208) },
  'front:hip': { half: ellipse(65, 196, 8, 14) },
  'front:hip_flexors': { half: poly(76, 182, 98, 192, 97, 210, 78, 204) },
  'front:it_band': { half: poly(62, 212, 70, 212, 72, 286, 64, 286) },
  'front:quadriceps': { half: poly(72, 212, 89, 214, 89, 286, 74, 286) },
  'front:adductors': { half: poly(91, 214, 98, 214, 97, 278, 91, 282) },
  'front:knee': { half: ellipse(82, 300, 12, 12) },
  'front:shin': { half: poly(74, 314, 90, 314, 88, 384, 78, 384) },
  'front:ankle': { half: ellipse(83, 392, 8, 6) },
  'front:arch': { half: ellipse(90, 405, 6, 5), layer: 1 },
  'front:toes': { half: ellipse(80, 414, 9, 5) },
  'back:neck': { midline: poly(91, 52, 109, 52, 111, 68, 89, 68) },
  'back:upper_back': { midline: poly(70, 70, 130, 70, 134, 134, 66, 134) },
  'back:lower_back': { midline: poly(66, 136, 134, 136, 130, 178, 70, 178) },
  'back:glutes': { half: ellipse(82, 200, 17, 18) },
  'back:piriformis': { half: ellipse(86, 189, 9, 5), layer: 1 },
  'back:hamstrings': { half: poly(70, 222, 98, 222, 96, 288, 74, 288) },
  'back:calf': { half: ellipse(83, 336, 11, 28) },
  'back:achilles_tendon': { half: poly(80, 366, 87, 366, 87, 387, 80, 387) },
  'back:heel': { half: ellipse(83, 395, 8, 6) },
  'back:plantar_fascia': { half: ellipse(83, 411, 7, 6) },
};

/** Outline parts that are not regions of a view, drawn so each figure reads as a body. */
export const DECOR: Readonly<Record<string, readonly Shape[]>> = {
  front: [{ midline: poly(92, 52, 108, 52, 110, 68, 90, 68) }],
  back: [
    { midline: ellipse(100, 30, 18, 22) },
    { half: ellipse(57, 80, 13, 12) },
    { half: poly(44, 94, 58, 98, 50, 212, 34, 208) },
    { half: ellipse(84, 298, 12, 9) },
  ],
};

/**
 * The foot drawn large (inner side, heel on the left, toes on the right) for touch: on the
 * whole figure a heel is 12×9 CSS px on a phone. Every region here spans at least 56 units
 * of a 200-unit box, so at 160 px wide or more each target is 44×44 px or larger, and no two
 * centres are closer than 60 units.
 */
export const FOOT_VIEWBOX = { width: 200, height: 200 };

export const FOOT_SHAPES: Readonly<Record<string, string>> = {
  achilles_tendon: 'M8,4L62,4L62,70L8,70Z',
  ankle: ellipse(100, 40, 32, 30),
  heel: ellipse(36, 104, 30, 30),
  arch: ellipse(102, 106, 34, 28),
  toes: ellipse(166, 112, 30, 30),
  plantar_fascia: 'M20,140L180,140L180,196L20,196Z',
};

/** Where each foot region's name is written (centre of its shape), and the short name. */
export const FOOT_LABELS: Readonly<Record<string, { x: number; y: number; text: string }>> = {
  achilles_tendon: { x: 35, y: 41, text: 'Achilles' },
  ankle: { x: 100, y: 44, text: 'Ankle' },
  heel: { x: 36, y: 108, text: 'Heel' },
  arch: { x: 102, y: 110, text: 'Arch' },
  toes: { x: 166, y: 116, text: 'Toes' },
  plantar_fascia: { x: 100, y: 172, text: 'Plantar fascia' },
};

/** The foot's outline behind the regions. */
export const FOOT_OUTLINE = 'M14,0L66,0L72,60L130,70L190,90L198,140L186,198L14,198L4,120Z';
