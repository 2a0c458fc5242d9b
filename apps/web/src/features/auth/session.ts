import type { LoginResponse, Me } from '@xinfang/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, beginSignOut, sessionOpened, setCsrfToken } from '../../api/client.ts';
import { clearDrafts } from './drafts.ts';

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

export async function login(username: string, password: string): Promise<LoginResponse> {
  const result = await api<LoginResponse>('/auth/login', { body: { username, password }, quiet401: true });
  setCsrfToken(result.csrfToken);
  sessionOpened();
  return result;
}

export function useLogout() {
  const client = useQueryClient();
  return async (everywhere = false, userId?: string) => {
    // No new request from the signed-in pages, and those under way answered, before the session ends.
    await beginSignOut();
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
