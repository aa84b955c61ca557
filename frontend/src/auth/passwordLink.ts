// What an invitation or password-reset link carries, and how the page words itself for it.
// The API mints `/set-password#purpose=…&token=…`; the fragment never reaches a server or its logs.
import type { LinkKind } from '../api/types';

export interface PasswordLink {
  token: string;
  /** Named only when the link says `purpose=…`; today's links do not, so `null` is common. */
  purpose: LinkKind | null;
}

/** Reads `#token=…&purpose=…`; a bare `#<token>` (a hand-copied token) works too. */
export function readPasswordLink(hash: string): PasswordLink {
  const fragment = hash.replace(/^#/, '');
  const params = new URLSearchParams(fragment);
  const token = params.get('token') ?? (fragment.includes('=') ? '' : decodeURIComponent(fragment));
  const purpose = params.get('purpose');
  return {
    token: token.trim(),
    purpose: purpose === 'invitation' || purpose === 'password_reset' ? purpose : null,
  };
}

export interface Wording {
  title: string;
  lead: string;
  emailHint: string;
  /** Shown on the sign-in page when the password is set but signing in did not work. */
  done: string;
  /** What to do after a link turns out used or expired. */
  again: string;
}

const WORDING: Record<LinkKind | 'either', Wording> = {
  invitation: {
    title: 'Welcome to Knead',
    lead: 'Choose the password you will sign in with to finish setting up your account.',
    emailHint: 'The address your invitation was sent to.',
    done: 'Your password is set. Sign in with it.',
    again: 'If you have already set your password, sign in with it. If not, ask the practice owner for a new invitation.',
  },
  password_reset: {
    title: 'Choose a new password',
    lead: 'Choose the password you will sign in with from now on. Your old password stops working, and you are signed out on your other devices.',
    emailHint: 'The address you sign in with.',
    done: 'Your new password is set. Sign in with it.',
    again: 'If you have already chosen a new password, sign in with it. If not, ask the practice owner for a new link.',
  },
  either: {
    title: 'Set your password',
    lead: 'Choose the password you will sign in to Knead with.',
    emailHint: 'The address this link was sent to.',
    done: 'Your password is set. Sign in with it.',
    again: 'If you have already set your password with it, sign in. If not, ask the practice owner for a new link.',
  },
};

export function wordingFor(purpose: LinkKind | null): Wording {
  return WORDING[purpose ?? 'either'];
}
