// Where the draft is: saved to Knead, being saved, or kept on this device while offline.
import type { SaveState } from './autosave';

function words(state: SaveState): string {
  switch (state.status) {
    case 'idle':
      return 'Not saved yet';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'offline':
      return state.keptLocally ? 'Offline — kept on this device' : 'Offline — not saved yet';
    case 'invalid':
      return 'Not saved: check the marked fields';
    case 'conflict':
      return 'Not saved: changed elsewhere';
    case 'signed':
      return 'Signed elsewhere: read-only';
  }
}

export function SaveStatusLine({ state }: { state: SaveState }) {
  return (
    <p className={`save-status status-${state.status}`} role="status" data-status={state.status}>
      <span className="dot" aria-hidden="true" /> {words(state)}
    </p>
  );
}
