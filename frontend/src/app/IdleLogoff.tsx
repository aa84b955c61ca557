// Automatic logoff (HIPAA §164.312(a)(2)(iii)): after the practice's idle time without a key,
// click, touch or scroll in any tab, the app signs out as the Sign out button does; a minute
// before, a dialog says so and offers to stay.
import { useEffect, useRef, useState } from 'react';
import { useIdleLogoffMinutes } from '../api/logoff';
import { ACTIVITY_KEY, idleState, latestActivity, type IdleState } from './idleClock';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;
/** Storage is written at most this often, so pointer moves do not write on every frame. */
const WRITE_EVERY_MS = 5_000;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function IdleLogoff({ onExpire }: { onExpire: (notice: string) => void }) {
  const minutes = useIdleLogoffMinutes(true);
  const own = useRef(Date.now());
  const written = useRef(0);
  const [state, setState] = useState<IdleState>({ kind: 'active' });
  const expire = useRef(onExpire);
  expire.current = onExpire;

  useEffect(() => {
    const touch = () => {
      const now = Date.now();
      own.current = now;
      if (now - written.current >= WRITE_EVERY_MS) {
        written.current = now;
        storage()?.setItem(ACTIVITY_KEY, String(now));
      }
    };
    touch();
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
    };
  }, []);

  useEffect(() => {
    const tick = () => {
      const next = idleState(Date.now(), latestActivity(own.current, storage()), minutes);
      setState((previous) =>
        previous.kind === next.kind && (next.kind !== 'warning' || previous.kind !== 'warning' || previous.secondsLeft === next.secondsLeft)
          ? previous
          : next,
      );
      if (next.kind === 'expired') {
        expire.current(`You were signed out after ${minutes} minutes without activity.`);
      }
    };
    const timer = window.setInterval(tick, 1_000);
    return () => window.clearInterval(timer);
  }, [minutes]);

  if (state.kind !== 'warning') return null;
  return (
    <div className="idle-backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text" className="idle-dialog">
        <h2 id="idle-title">Still there?</h2>
        <p id="idle-text">
          For privacy, you will be signed out in {state.secondsLeft} seconds.
        </p>
        <button
          type="button"
          className="button"
          autoFocus
          onClick={() => {
            own.current = Date.now();
            written.current = own.current;
            storage()?.setItem(ACTIVITY_KEY, String(own.current));
            setState({ kind: 'active' });
          }}
        >
          Stay signed in
        </button>
      </div>
    </div>
  );
}
