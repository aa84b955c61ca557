// A client's own session, opened from the link in a booking email: when and with whom, and
// cancelling it (with a warning when that is inside the practice's cancellation window). The
// token travels in the URL fragment (`/manage#<token>`); `/manage/<token>` works too.
import { useParams } from 'react-router';
import { usePublicBooking } from '../api/publicBookings';
import { ApiProblem } from '../api/problem';
import type { PublicBooking } from '../api/types';
import { ErrorMessage, Loading } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { CancelSession } from './CancelSession';
import { LinkProblem } from './LinkProblem';
import { formatSession, sessionParts, zoneNote } from './sessionTime';
import { readToken } from './token';
import './manage.css';

export function ManageBookingPage() {
  const { token: pathToken } = useParams();
  const token = readToken(pathToken, window.location.hash);
  const booking = usePublicBooking(token);
  useTitle('Your session');

  let body;
  if (!token) body = <LinkProblem title="This link is incomplete" detail="Open the link exactly as you received it." />;
  else if (booking.isPending) body = <Loading what="your session" />;
  else if (booking.isError) body = <LinkError error={booking.error} />;
  else body = <SessionView token={token} booking={booking.data} />;

  return (
    <main id="main" className="public-page">
      <div className="public-inner manage-booking">{body}</div>
    </main>
  );
}

function LinkError({ error }: { error: unknown }) {
  const status = error instanceof ApiProblem ? error.status : 0;
  if (status === 410) {
    return <LinkProblem title="This link has expired" detail="The session it was for is over. To book again, contact the practice." />;
  }
  if (status === 404) {
    return (
      <LinkProblem
        title="This link is not valid"
        detail="Check that you opened the whole link from your email; if it still does not work, contact the practice."
      />
    );
  }
  if (status === 429) {
    return <LinkProblem title="Too many attempts" detail="Wait a few minutes, then open the link from your email again." />;
  }
  return <ErrorMessage error={error} />;
}

/** Why a session that is not cancelled cannot be cancelled here. */
function notCancellable(booking: PublicBooking): string {
  switch (booking.status) {
    case 'completed':
      return 'This session has taken place.';
    case 'no_show':
      return 'This session was missed.';
    case 'arrived':
      return 'This session is under way.';
    default:
      return 'This session can no longer be cancelled here.';
  }
}

function SessionView({ token, booking }: { token: string; booking: PublicBooking }) {
  const when = formatSession(booking.starts_at, booking.ends_at, booking.time_zone);
  const { day, times } = sessionParts(booking.starts_at, booking.ends_at, booking.time_zone);
  const zone = zoneNote(booking.time_zone);
  const cancelled = booking.status === 'cancelled';
  return (
    <>
      <h1>Your session at {booking.practice_name}</h1>
      <p>Hello {booking.client_given_name}, here are the details of your session.</p>
      <dl className="details session-facts">
        <dt>When</dt>
        <dd>
          <span className="session-day">{day}</span> <span className="session-times">{times}</span>
          {zone ? <span className="hint">{zone}</span> : null}
        </dd>
        <dt>Service</dt>
        <dd>{booking.service_name}</dd>
        <dt>Therapist</dt>
        <dd>{booking.therapist_name}</dd>
        {cancelled ? (
          <>
            <dt>Status</dt>
            <dd>
              <strong>Cancelled</strong>
            </dd>
          </>
        ) : null}
      </dl>
      {cancelled ? (
        <CancelledNote booking={booking} when={when} />
      ) : booking.can_cancel ? (
        <CancelSession token={token} booking={booking} when={when} />
      ) : (
        <p className="session-note">
          {notCancellable(booking)} For any change, please contact {booking.practice_name}.
        </p>
      )}
    </>
  );
}

function CancelledNote({ booking, when }: { booking: PublicBooking; when: string }) {
  return (
    <div className="notice success" role="status" tabIndex={-1} ref={(el) => el?.focus()}>
      <p>
        <strong>Your session on {when} is cancelled.</strong> Your other sessions are unchanged.
      </p>
      {booking.late_cancellation ? (
        <p>It was inside the practice’s cancellation window, so it is recorded as a late cancellation.</p>
      ) : null}
      <p className="muted">To book again, contact {booking.practice_name}.</p>
    </div>
  );
}
