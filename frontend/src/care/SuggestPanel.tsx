// "Suggest sessions" for the active plan: the proposals with their reasons, accepted (ticked
// ones or all, in one all-or-nothing call) or turned down. Nothing is booked until accepted.
import { useState } from 'react';
import { useAcceptProposals, useRejectProposals, useSuggestSessions } from '../api/care';
import { ApiProblem } from '../api/problem';
import type { ProposalView } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { Empty } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { ProposalList } from './ProposalList';

interface Props {
  planId: string;
  zone: string;
  nameOf: { service: (id: string) => string; therapist: (id: string) => string };
  onProposals: (proposals: readonly ProposalView[]) => void;
}

/** The proposal a 409 names (its detail starts with the proposal's key), if any. */
function clashOf(error: unknown, proposals: readonly ProposalView[]): string | null {
  if (!(error instanceof ApiProblem) || error.status !== 409) return null;
  return proposals.find((p) => error.detail?.includes(p.key))?.key ?? null;
}

export function SuggestPanel({ planId, zone, nameOf, onProposals }: Props) {
  const suggest = useSuggestSessions(planId);
  const accept = useAcceptProposals(planId);
  const reject = useRejectProposals(planId);
  const [proposals, setProposalsState] = useState<readonly ProposalView[] | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState('');
  const { problem, setProblem } = useProblem();
  const busy = suggest.isPending || accept.isPending || reject.isPending;

  const show = (next: readonly ProposalView[]) => {
    setProposalsState(next);
    setSelected(new Set(next.map((p) => p.key)));
    onProposals(next);
  };
  const ask = () => {
    setProblem(null);
    setDone('');
    suggest.mutate(undefined, { onSuccess: (r) => show(r.proposals), onError: setProblem });
  };
  const remove = (keys: readonly string[]) => show((proposals ?? []).filter((p) => !keys.includes(p.key)));
  const book = (chosen: readonly ProposalView[]) => {
    setProblem(null);
    accept.mutate([...chosen], {
      onSuccess: (r) => {
        setDone(`Booked ${r.bookings.length} ${r.bookings.length === 1 ? 'session' : 'sessions'}.`);
        remove(r.bookings.map((b) => b.key));
      },
      onError: (error) => {
        setProblem(error);
        // The refused one is unticked, so "Accept selected" books the rest.
        const clash = clashOf(error, proposals ?? []);
        if (clash) setSelected(new Set([...selected].filter((k) => k !== clash)));
      },
    });
  };
  const turnDown = () => {
    const keys = [...selected];
    setProblem(null);
    reject.mutate(keys, {
      onSuccess: () => {
        setDone(`Turned down ${keys.length}; they will not be proposed again.`);
        remove(keys);
      },
      onError: setProblem,
    });
  };
  const clashKey = clashOf(problem, proposals ?? []);
  const chosen = (proposals ?? []).filter((p) => selected.has(p.key));
  return (
    <div className="suggest-panel">
      <div className="card-head">
        <h3>Proposed sessions</h3>
        <button type="button" className="button" onClick={ask} disabled={busy}>
          {suggest.isPending ? 'Suggesting…' : proposals ? 'Suggest again' : 'Suggest sessions'}
        </button>
      </div>
      <div role="status">{done ? <p className="notice-line">{done}</p> : null}</div>
      <ErrorSummary problem={problem} />
      {proposals && proposals.length === 0 ? <Empty>Nothing to propose for the coming weeks.</Empty> : null}
      {proposals && proposals.length > 0 ? (
        <>
          <ProposalList proposals={proposals} selected={selected} clashKey={clashKey} zone={zone} nameOf={nameOf}
            onToggle={(key) => {
              const next = new Set(selected);
              if (next.has(key)) next.delete(key);
              else next.add(key);
              setSelected(next);
            }} />
          <div className="inline">
            <button type="button" className="button primary" disabled={busy || chosen.length === 0} onClick={() => book(chosen)}>
              Accept selected ({chosen.length})
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => book(proposals)}>
              Accept all
            </button>
            <button type="button" className="button subtle" disabled={busy || chosen.length === 0} onClick={turnDown}>
              Turn down selected
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
