import type { LoginResponse, Me, SecondFactorSetup } from '@xinfang/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, beginSignOut, sessionOpened, setCsrfToken } from '../../api/client.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user (or null), read from the session cookie; the CSRF token comes with it. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      const { me } = await api<{ me: Me | null }>('/auth/session', { quiet401: true });
      setCsrfToken(me?.csrfToken ?? null);
      if (me) sessionOpened();
      return me;
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** Password login; for an account with a second factor, again with the 6-digit code (the second step). */
export async function login(username: string, password: string, code?: string): Promise<LoginResponse> {
  const result = await api<LoginResponse>('/auth/login', {
    body: { username, password, ...(code ? { code } : {}) },
    quiet401: true,
  });
  setCsrfToken(result.csrfToken);
  sessionOpened();
  return result;
}

/**
 * Ends the session. `user` and `everywhere` also delete the user's drafts on the server; `idle`
 * (the inactivity timeout) keeps them for the same user's next login.
 */
export function useLogout() {
  const client = useQueryClient();
  return async (mode: 'user' | 'everywhere' | 'idle' = 'user') => {
    // No new request from the signed-in pages, and those under way answered, before the session ends.
    await beginSignOut();
    // The login form replaces the signed-in pages; then their cached data goes.
    client.setQueryData(ME_KEY, null);
    const theirs = { predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== ME_KEY[0] };
    await client.cancelQueries(theirs);
    client.removeQueries(theirs);
    try {
      if (mode === 'everywhere') await api('/auth/logout-all', { method: 'POST', quiet401: true });
      else await api('/auth/logout', { body: { reason: mode }, quiet401: true });
    } finally {
      setCsrfToken(null);
    }
  };
}

/** 绑定手机验证器: the server generates the key; the first code from the app confirms it. */
export const beginSecondFactorSetup = () =>
  api<SecondFactorSetup>('/auth/second-factor/setup', { method: 'POST' });
export const confirmSecondFactor = (code: string) => api('/auth/second-factor/confirm', { body: { code } });
