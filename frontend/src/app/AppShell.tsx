// The signed-in frame: skip link, header with role-aware navigation, who is signed in,
// and sign out. The front desk gets no links to clinical screens.
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/auth';
import { useTokens } from '../api/context';
import { isClinical } from '../api/roles';
import { IdleLogoff } from './IdleLogoff';
import { useSignOut } from './useSignOut';

const ROLE_NAMES = { owner: 'Owner', therapist: 'Therapist', front_desk: 'Front desk' } as const;

export function AppShell() {
  const tokens = useTokens();
  const me = useMe(tokens !== null);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const shown = useRef(location.pathname);
  // A new screen takes focus, as a page load would, so keyboard and screen-reader users
  // start at its content rather than on a link that no longer exists.
  useEffect(() => {
    if (shown.current === location.pathname) return;
    shown.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);
  const signOut = useSignOut();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="header-inner">
          <NavLink to="/" className="brand">
            Knead
          </NavLink>
          <nav aria-label="Main">
            <ul>
              {isClinical(tokens?.role) ? (
                <li>
                  <NavLink to="/today">Today</NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/calendar">Calendar</NavLink>
              </li>
              {tokens?.role === 'front_desk' || tokens?.role === 'owner' ? (
                <li>
                  <NavLink to="/rebooking">Due for rebooking</NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/clients" end>
                  Clients
                </NavLink>
              </li>
              <li>
                <NavLink to="/clients/new">New client</NavLink>
              </li>
              {isClinical(tokens?.role) ? (
                <li>
                  <NavLink to="/reports">Reports</NavLink>
                </li>
              ) : null}
              {tokens?.role === 'owner' ? (
                <li>
                  <NavLink to="/audit">Audit log</NavLink>
                </li>
              ) : null}
              {tokens?.role === 'owner' ? (
                <li>
                  <NavLink to="/activity">Activity</NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/settings">Settings</NavLink>
              </li>
            </ul>
          </nav>
          <div className="who">
            {me.data ? (
              <span>
                {me.data.staff.display_name}
                <span className="muted"> · {tokens ? ROLE_NAMES[tokens.role] : ''} · {me.data.practice_name}</span>
              </span>
            ) : null}
            <button type="button" className="button subtle" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
      <IdleLogoff onExpire={(notice) => void signOut(notice)} />
    </>
  );
}
