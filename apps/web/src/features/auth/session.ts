import type { LoginResponse, Me, SecondFactorSetup } from '@xinfang/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api/client.ts';
import { clearDrafts } from './drafts.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user (or null), read from the session cookie; the CSRF token comes with it. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      const { me } = await api<{ me: Me | null }>('/auth/session', { quiet401: true });
      setCsrfToken(me?.csrfToken ?? null);
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
  return result;
}

export function useLogout() {
  const client = useQueryClient();
  return async (everywhere = false, userId?: string) => {
    // Leave the signed-in pages first, so no query of theirs runs against the ended session.
    await client.cancelQueries();
    client.clear();
    client.setQueryData(ME_KEY, null);
    try {
      await api(everywhere ? '/auth/logout-all' : '/auth/logout', { method: 'POST', quiet401: true });
    } finally {
      if (userId) clearDrafts(userId);
      setCsrfToken(null);
    }
  };
}

/** 绑定手机验证器: the server generates the key; the first code from the app confirms it. */
export const beginSecondFactorSetup = () =>
  api<SecondFactorSetup>('/auth/second-factor/setup', { method: 'POST' });
export const confirmSecondFactor = (code: string) => api('/auth/second-factor/confirm', { body: { code } });
