import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicBooking } from '../api/types';
import { json, renderScreen, type Handler } from '../test/render';
import { ManageBookingPage } from './ManageBookingPage';

const booking: PublicBooking = {
  practice_name: 'Stride Sports Massage',
  client_given_name: 'Alex',
  service_name: 'Sports massage 60',
  therapist_name: 'Maya',
  starts_at: '2026-05-12T16:00:00Z',
  ends_at: '2026-05-12T17:00:00Z',
  time_zone: 'America/Denver',
  status: 'scheduled',
  cancellation_window_hours: 24,
  can_cancel: true,
  late: false,
  late_cancellation: null,
};

function open(routes: Record<string, Handler>, at = '/manage/bk1.token') {
  return renderScreen(<ManageBookingPage />, { path: '/manage/:token?', at, role: null, routes });
}

afterEach(() => {
  window.location.hash = '';
});

describe('<ManageBookingPage>', () => {
  it('reads the token from the fragment and shows the session in the practice’s zone', async () => {
    window.location.hash = '#bk1.fragment';
    open({ 'GET /v1/public/bookings/bk1.fragment': () => json(200, booking) }, '/manage');
    expect(await screen.findByRole('heading', { name: 'Your session at Stride Sports Massage', level: 1 })).toBeInTheDocument();
    expect(screen.getByText(/^Tuesday, .*12.* 2026$/)).toBeInTheDocument();
    expect(screen.getByText(/^10:00\s?–\s?11:00/)).toBeInTheDocument();
    expect(screen.getByText('Sports massage 60')).toBeInTheDocument();
    expect(screen.getByText('Maya')).toBeInTheDocument();
  });

  it('cancels after a confirmation that warns of a late cancellation', async () => {
    const user = userEvent.setup();
    const sent: { body: unknown; auth: string | null }[] = [];
    open({
      'GET /v1/public/bookings/bk1.token': () => json(200, { ...booking, late: true }),
      'POST /v1/public/bookings/bk1.token/cancel': async (request) => {
        sent.push({ body: await request.text(), auth: request.headers.get('Authorization') });
        return json(200, { ...booking, status: 'cancelled', can_cancel: false, late: false, late_cancellation: true });
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel this session' }));
    expect(screen.getByText(/inside Stride Sports Massage’s 24-hour cancellation window/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(sent).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Cancel this session' }));
    await user.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText(/is cancelled\./)).toBeInTheDocument();
    expect(screen.getByText(/Your other sessions are unchanged/)).toBeInTheDocument();
    expect(screen.getByText(/recorded as a late cancellation/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel this session' })).not.toBeInTheDocument();
    expect(sent).toEqual([{ body: '', auth: null }]);
  });

  it('says nothing of lateness outside the window, and shows a refusal', async () => {
    const user = userEvent.setup();
    open({
      'GET /v1/public/bookings/bk1.token': () => json(200, booking),
      'POST /v1/public/bookings/bk1.token/cancel': () =>
        json(409, { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'the session has started' }),
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel this session' }));
    expect(screen.queryByText(/late cancellation/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText('the session has started')).toBeInTheDocument();
  });

  it('points to the practice when the session cannot be cancelled here', async () => {
    open({ 'GET /v1/public/bookings/bk1.token': () => json(200, { ...booking, status: 'completed', can_cancel: false }) });
    expect(await screen.findByText(/For any change, please contact Stride Sports Massage/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel this session' })).not.toBeInTheDocument();
  });

  it('explains an expired and an unknown link', async () => {
    const gone = open({ 'GET /v1/public/bookings/bk1.token': () => json(410, { type: '/problems/gone', title: 'Gone', status: 410 }) });
    expect(await screen.findByRole('heading', { name: 'This link has expired' })).toBeInTheDocument();
    gone.unmount();
    open({});
    expect(await screen.findByRole('heading', { name: 'This link is not valid' })).toBeInTheDocument();
  });
});
