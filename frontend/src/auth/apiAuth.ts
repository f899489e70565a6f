import { ApiError, type ApiAuth } from '../api/client';
import type { OidcSession } from './session';

/** The API client's view of the session: the bearer token, and what a 401 means. */
export function apiAuthOf(session: OidcSession): ApiAuth {
  return {
    authorization() {
      const token = session.bearer();
      if (token === null) throw new ApiError('auth', 'Your sign-in has expired; signing in again…');
      return `Bearer ${token}`;
    },
    refused() {
      if (session.refused() === 'signing-in') return new ApiError('auth', 'The API did not accept your sign-in (HTTP 401); signing in again…', 401);
      const state = session.state;
      return new ApiError('auth', state.kind === 'error' ? state.error.detail : 'The API does not accept your sign-in (HTTP 401).', 401, 'Not signed in');
    },
    accepted() {
      session.accepted();
    },
  };
}
