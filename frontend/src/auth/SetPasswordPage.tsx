// Where invitation and password-reset links land: `/set-password#purpose=…&token=…`. The token is read
// once and taken out of the address bar at once (a replace in the router's history, i.e.
// history.replaceState), so it is not left in history, bookmarks or a shared screen; only
// `POST /v1/auth/password` ever receives it. The API tells a used, expired or unknown link
// apart from a good one only when a valid password is sent, so that state follows a submit.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTitle } from '../ui/useTitle';
import { readPasswordLink, wordingFor, type Wording } from './passwordLink';
import { SetPasswordForm } from './SetPasswordForm';

export function SetPasswordPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const [link] = useState(() => readPasswordLink(location.hash));
  const [refused, setRefused] = useState(false);
  const wording = wordingFor(link.purpose);

  useEffect(() => {
    if (!location.hash) return;
    void navigate({ pathname: location.pathname, search: location.search, hash: '' }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  let title: string;
  let body;
  if (!link.token) {
    title = 'This link is incomplete';
    body = <LinkProblem title={title} detail="Open the link again exactly as you received it." wording={wording} />;
  } else if (refused) {
    title = 'This link has already been used or has expired';
    body = <LinkProblem title={title} detail="Each link works once, and only for a few days." wording={wording} />;
  } else {
    title = wording.title;
    body = (
      <>
        <h1>{wording.title}</h1>
        <p>{wording.lead}</p>
        <SetPasswordForm token={link.token} wording={wording} onLinkRefused={() => setRefused(true)} />
      </>
    );
  }
  useTitle(title);

  return (
    <main id="main" className="login">
      <div className="login-card">
        <p className="brand-mark" aria-hidden="true">
          Knead
        </p>
        {body}
      </div>
    </main>
  );
}

function LinkProblem({ title, detail, wording }: { title: string; detail: string; wording: Wording }) {
  return (
    // Replaces the form the person was using, so it takes focus and is announced.
    <div className="link-problem" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>{wording.again}</p>
      <p>
        <Link to="/login">Go to sign in</Link>
      </p>
    </div>
  );
}
