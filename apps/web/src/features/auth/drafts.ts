/**
 * Unsaved forms kept on this computer for their user only: keyed by the user's id, restored only
 * to that user after a login, wiped at logout. Names and ID numbers stay on this machine's browser
 * storage until then (the server never stores a draft).
 */
const PREFIX = 'xf-draft:';

export function saveDraft<T>(userId: string, name: string, value: T): void {
  try {
    localStorage.setItem(`${PREFIX}${userId}:${name}`, JSON.stringify({ savedAt: Date.now(), value }));
  } catch {
    // storage full or disabled: the form still works, only without a draft
  }
}

export function loadDraft<T>(userId: string, name: string): { savedAt: number; value: T } | null {
  const raw = localStorage.getItem(`${PREFIX}${userId}:${name}`);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as { savedAt: number; value: T };
  } catch {
    return null;
  }
}

export function dropDraft(userId: string, name: string): void {
  localStorage.removeItem(`${PREFIX}${userId}:${name}`);
}

/** At logout: every draft of this user (and any left by a user on a shared PC who never logged out). */
export function clearDrafts(_userId: string): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
}
