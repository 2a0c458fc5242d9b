import type { Draft, DraftResponse } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { api } from '../../api/client.ts';

/** How long typing pauses before the draft is sent (one request per pause, not per key). */
const PAUSE_MS = 800;

/**
 * A form's draft, kept on the server for the signed-in user only (encrypted there, deleted at
 * logout, expired after 7 days): nothing of the typed form stays in this browser's storage.
 * Writes go out one after another, so a late save never brings back a dropped draft.
 */
export function useDraft<T extends Record<string, unknown>>(key: string) {
  const query = useQuery({
    queryKey: ['draft', key],
    queryFn: () => api<DraftResponse>(`/drafts/${key}`),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const timer = useRef<number | undefined>(undefined);
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  const write = useCallback((send: () => Promise<unknown>) => {
    // A draft that cannot be written leaves the form working; the next change tries again.
    writes.current = writes.current.then(send).catch(() => undefined);
    return writes.current;
  }, []);

  const save = useCallback(
    (payload: T) => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(
        () => void write(() => api<Draft>(`/drafts/${key}`, { method: 'PUT', body: { payload } })),
        PAUSE_MS,
      );
    },
    [key, write],
  );
  const drop = useCallback(() => {
    window.clearTimeout(timer.current);
    return write(() => api(`/drafts/${key}`, { method: 'DELETE' }));
  }, [key, write]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return {
    /** The draft as loaded when the form opened (null: none), undefined while loading. */
    draft: query.isPending ? undefined : ((query.data?.draft ?? null) as (Draft & { payload: T }) | null),
    save,
    drop,
  };
}

/** Drafts an earlier version of this app left in the browser's storage (names, ID numbers): removed. */
export function forgetBrowserDrafts(): void {
  try {
    for (const key of Object.keys(localStorage))
      if (key.startsWith('xf-draft:')) localStorage.removeItem(key);
  } catch {
    // storage disabled: nothing was kept there either
  }
}
