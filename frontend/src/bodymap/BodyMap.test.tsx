import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RegionTerm } from '../api/types';
import { vocabulary } from '../test/fixtures';
import { BodyMap } from './BodyMap';
import { intensityBand } from './intensity';
import { spotIntensity, spotsFor, unmappedRegions } from './model';

describe('body map model', () => {
  it('draws each sided region twice and puts the right side on the viewer’s left on the front view', () => {
    const front = spotsFor('front', vocabulary.body_regions);
    expect(front.map((s) => s.key)).toEqual(['knee:right', 'knee:left', 'it_band:right', 'it_band:left']);
    expect(front[0]?.mirrored).toBe(false);
    const back = spotsFor('back', vocabulary.body_regions);
    expect(back.map((s) => s.key)).toEqual(['calf:left', 'calf:right', 'lower_back:midline']);
  });

  it('lists regions it has no shape for', () => {
    expect(unmappedRegions(vocabulary.body_regions).map((r) => r.id)).toEqual(['arm']);
  });

  it('colours a spot by the worst area covering it; bilateral covers both sides', () => {
    const areas = [
      { region: 'calf', side: 'bilateral', intensity: 3 },
      { region: 'calf', side: 'left', intensity: 8 },
    ] as const;
    expect(spotIntensity([...areas], { region: 'calf', side: 'left' })).toBe(8);
    expect(spotIntensity([...areas], { region: 'calf', side: 'right' })).toBe(3);
    expect(spotIntensity([...areas], { region: 'knee', side: 'right' })).toBeNull();
  });
});

describe('<BodyMap>', () => {
  it('offers every drawn spot as a named button and reports the picked side', async () => {
    const onPick = vi.fn();
    render(
      <BodyMap
        regions={vocabulary.body_regions}
        views={vocabulary.body_views}
        painAreas={[{ region: 'knee', side: 'left', intensity: 7 }]}
        onPick={onPick}
        label="Body map"
      />,
    );
    const left = screen.getByRole('button', { name: 'Left knee: pain 7/10, severe' });
    expect(left).toHaveStyle({ background: intensityBand(7).fill });
    // The drawing shows the same colour; its shapes are not separate controls.
    expect(document.querySelector('path[data-region="knee"][data-side="left"]')).toHaveAttribute('fill', intensityBand(7).fill);
    const right = screen.getByRole('button', { name: 'Right knee: no pain recorded' });
    await userEvent.click(right);
    expect(onPick).toHaveBeenLastCalledWith('knee', 'right');
    // Keyboard: Tab reaches the spots; Enter and Space pick.
    left.focus();
    await userEvent.keyboard('{Enter}');
    expect(onPick).toHaveBeenLastCalledWith('knee', 'left');
    screen.getByRole('button', { name: 'Lower back: no pain recorded' }).focus();
    await userEvent.keyboard(' ');
    expect(onPick).toHaveBeenLastCalledWith('lower_back', 'midline');
    // Every region with a button per side, even one the drawing has no shape for (arm).
    expect(screen.getAllByRole('button')).toHaveLength(9);
    expect(screen.getByText('7–10 severe')).toBeInTheDocument();
  });

  it('picks foot regions on the large insets, not on the small drawing, and rates nothing by itself', async () => {
    const onPick = vi.fn();
    const regions: RegionTerm[] = [
      ...vocabulary.body_regions,
      { id: 'heel', label: 'Heel', view: 'back', sides: ['left', 'right', 'bilateral'] },
      { id: 'plantar_fascia', label: 'Plantar fascia', view: 'back', sides: ['left', 'right', 'bilateral'] },
    ];
    render(<BodyMap regions={regions} views={vocabulary.body_views} painAreas={[]} onPick={onPick} label="Body map" />);
    const heel = screen.getByRole('button', { name: 'Right heel: no pain recorded' });
    expect(heel.closest('svg')).toHaveAttribute('data-foot', 'right');
    await userEvent.click(heel);
    expect(onPick).toHaveBeenLastCalledWith('heel', 'right');
    expect(screen.queryByRole('button', { name: /^Left plantar fascia/ })?.closest('svg')).toHaveAttribute('data-foot', 'left');
    // The feet are not repeated in the list beside the drawing.
    expect(screen.getAllByRole('button', { name: /heel/i })).toHaveLength(2);
  });

  it('is one image per view, with no buttons, when read-only', () => {
    render(
      <BodyMap
        regions={vocabulary.body_regions}
        views={vocabulary.body_views}
        painAreas={[{ region: 'calf', side: 'bilateral', intensity: 4 }]}
        label="Latest pain areas"
      />,
    );
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('img', { name: 'Latest pain areas: 1 pain area (back view)' })).toBeInTheDocument();
    const calves = document.querySelectorAll('[data-region="calf"]');
    expect([...calves].map((c) => c.getAttribute('data-intensity'))).toEqual(['4', '4']);
  });
});
