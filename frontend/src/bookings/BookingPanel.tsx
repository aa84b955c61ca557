// One booking, opened from the calendar: its facts, the status moves, cancelling and moving.
// Every write names the version read (If-Match); a 412 says someone else changed it and
// offers a reload, never overwriting their change.
import { useState } from 'react';
import { useBooking, useCancelBooking, useUpdateBooking } from '../api/bookings';
import { useRole, useTokens } from '../api/context';
import { Modal } from '../ui/Modal';
import { ProblemNotice } from '../ui/ProblemNotice';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { BookingFacts } from './BookingFacts';
import { CancelForm } from './CancelForm';
import { MoveForm } from './MoveForm';
import { StatusActions } from './StatusActions';
import { isMovable, statusLabel } from './statuses';
import { useDeskData } from './useDeskData';
import { useMove, type MoveTo, type Scope } from './useMove';
import type { Tagged } from '../api/problem';
import type { BookingView, CancellationReason } from '../api/types';

export function BookingPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const booking = useBooking(id);
  return (
    <Modal title="Booking" onClose={onClose}>
      {booking.isPending ? <Loading what="the booking" /> : null}
      {booking.isError ? <ErrorMessage error={booking.error} /> : null}
      {booking.data ? <PanelBody current={booking.data} reload={() => void booking.refetch()} /> : null}
    </Modal>
  );
}

function PanelBody({ current, reload }: { current: Tagged<BookingView>; reload: () => void }) {
  const b = current.data;
  const desk = useDeskData();
  const role = useRole();
  const me = useTokens()?.staffId;
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const [done, setDone] = useState<string | null>(null);
  const { problem, setProblem, errorFor } = useProblem();
  const update = useUpdateBooking();
  const cancel = useCancelBooking();
  const mover = useMove(current, desk.zone);
  const canEdit = role !== 'therapist' || b.therapist_id === me;
  const therapist = desk.nameOf(b.therapist_id);
  const start = (message: string) => {
    setProblem(null);
    setDone(message);
  };

  const onStatus = (to: BookingView['status']) => {
    setProblem(null);
    update.mutate(
      { id: b.id, etag: current.etag, body: { status: to } },
      { onSuccess: () => start(`Now ${statusLabel(to).toLowerCase()}.`), onError: setProblem },
    );
  };
  const onCancel = (reason: CancellationReason, note: string) => {
    setProblem(null);
    cancel.mutate(
      { id: b.id, etag: current.etag, body: { reason, note: note.trim() || null } },
      {
        onSuccess: (v) => {
          setMode('view');
          start(v.cancellation?.late ? 'Cancelled (late).' : 'Cancelled.');
        },
        onError: setProblem,
      },
    );
  };
  const onMove = (scope: Scope, to: MoveTo) => {
    setProblem(null);
    mover.move(scope, to).then(
      (r) => {
        setMode('view');
        start(`${r.changed} ${r.changed === 1 ? 'session' : 'sessions'} changed${r.skipped ? `, ${r.skipped} skipped (clashes)` : ''}.`);
      },
      setProblem,
    );
  };

  return (
    <div className="booking-panel">
      {done ? (
        <p role="status" className="notice-line">
          {done}
        </p>
      ) : null}
      <ProblemNotice
        problem={problem}
        onReload={() => {
          setProblem(null);
          reload();
        }}
      />
      <BookingFacts booking={b} zone={desk.zone} therapist={therapist} nameOf={desk.nameOf} />
      {!canEdit ? (
        <p className="muted">This is {therapist}’s booking: only they, the front desk or the owner can change it.</p>
      ) : mode === 'cancel' ? (
        <CancelForm booking={b} practice={desk.practice} busy={cancel.isPending} errorFor={errorFor} onCancel={onCancel} onBack={() => setMode('view')} />
      ) : mode === 'move' ? (
        <MoveForm booking={b} desk={desk} inSeries={mover.inSeries} busy={mover.busy} errorFor={errorFor} onMove={onMove} onBack={() => setMode('view')} />
      ) : (
        <>
          <StatusActions booking={b} busy={update.isPending} onMove={onStatus} />
          {isMovable(b.status) ? (
            <div className="inline panel-actions">
              <button type="button" className="button" onClick={() => setMode('move')}>
                Move…
              </button>
              <button type="button" className="button" onClick={() => setMode('cancel')}>
                Cancel booking…
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
