import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, renderScreen } from '../test/render';
import { AppShell } from './AppShell';
import { RequireAuth, RequireClinical } from './guards';

const me = {
  practice_name: 'Stride Sports Massage',
  practice_slug: 'stride',
  staff: {
    id: 'staff',
    email: 'sam@stride.example',
    display_name: 'Sam Patel',
    role: 'front_desk',
    active: true,
    invitation_pending: false,
    techniques: [],
    created_at: '2026-10-01T10:00:00Z',
    updated_at: '2026-10-01T10:00:00Z',
  },
};

function Shell() {
  return (
    <Routes>
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route path="/clients" element={<h1>Client list</h1>} />
        <Route
          path="/clinical"
          element={
            <RequireClinical>
              <h1>Clinical screen</h1>
            </RequireClinical>
          }
        />
      </Route>
      <Route path="/login" element={<h1>Sign in page</h1>} />
    </Routes>
  );
}

describe('<AppShell>', () => {
  it('names who is signed in, and signing out ends the session on the server and here', async () => {
    const user = userEvent.setup();
    const logouts: unknown[] = [];
    const { session } = renderScreen(<Shell />, {
      path: '/*',
      at: '/clients',
      role: 'front_desk',
      routes: {
        'GET /v1/me': () => json(200, me),
        'POST /v1/auth/logout': async (request) => {
          logouts.push(await request.json());
          return new Response(null, { status: 204 });
        },
      },
    });
    expect(await screen.findByText('Sam Patel')).toBeInTheDocument();
    expect(screen.getByText(/Front desk · Stride Sports Massage/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Clients' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Due for rebooking' })).toHaveAttribute('href', '/rebooking');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in page' })).toBeInTheDocument();
    expect(session.tokens).toBeNull();
    await waitFor(() => expect(logouts).toEqual([{ refresh_token: 'refresh' }]));
  });

  it('keeps the front desk out of clinical screens and sends the signed-out to sign in', async () => {
    renderScreen(<Shell />, { path: '/*', at: '/clinical', role: 'front_desk', routes: { 'GET /v1/me': () => json(200, me) } });
    expect(await screen.findByRole('heading', { name: 'Not available' })).toBeInTheDocument();
    expect(screen.queryByText('Clinical screen')).not.toBeInTheDocument();
  });

  it('lets a therapist into clinical screens', async () => {
    renderScreen(<Shell />, { path: '/*', at: '/clinical', role: 'therapist', routes: { 'GET /v1/me': () => json(200, me) } });
    expect(await screen.findByRole('heading', { name: 'Clinical screen' })).toBeInTheDocument();
    // The rebooking list is the desk's (and owner's) tool; a therapist's menu leaves it out.
    expect(screen.queryByRole('link', { name: 'Due for rebooking' })).not.toBeInTheDocument();
  });

  it('sends someone signed out to the sign-in page', async () => {
    renderScreen(<Shell />, { path: '/*', at: '/clients', role: null, routes: {} });
    expect(await screen.findByRole('heading', { name: 'Sign in page' })).toBeInTheDocument();
  });
});
