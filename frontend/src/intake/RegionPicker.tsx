// Adds a pain area by name: for keyboard users who prefer a list, and for regions the map
// has no shape for (the vocabulary may grow before the drawing does).
import { useId, useState } from 'react';
import type { BodyRegion, RegionTerm, Term } from '../api/types';

interface Props {
  regions: readonly RegionTerm[];
  views: readonly Term[];
  onAdd: (region: RegionTerm) => void;
}

export function RegionPicker({ regions, views, onAdd }: Props) {
  const id = useId();
  const [choice, setChoice] = useState<BodyRegion | ''>('');
  const add = () => {
    const term = regions.find((r) => r.id === choice);
    if (term) {
      onAdd(term);
      setChoice('');
    }
  };
  return (
    <div className="region-picker">
      <label htmlFor={id}>Or add a region from the list</label>
      <div className="inline">
        <select id={id} value={choice} onChange={(e) => setChoice(e.target.value as BodyRegion | '')}>
          <option value="">Choose a region…</option>
          {views.map((view) => (
            <optgroup key={view.id} label={view.label}>
              {regions
                .filter((r) => r.view === view.id)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
            </optgroup>
          ))}
          {regions
            .filter((r) => !views.some((v) => v.id === r.view))
            .map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
        </select>
        <button type="button" className="button" onClick={add} disabled={choice === ''}>
          Add
        </button>
      </div>
    </div>
  );
}
