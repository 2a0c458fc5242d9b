import { type KeyboardEvent, useCallback } from 'react';

const FOCUSABLE =
  'input:not([type=hidden]):not([type=file]):not([disabled]), textarea:not([disabled]), [data-enter-stop]';

/**
 * Enter moves to the next field, as window clerks type: inputs and selects commit and move on;
 * in a multi-line text Enter is a new line (Tab or Ctrl+Enter moves on).
 */
export function useEnterToNext() {
  return useCallback((event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLTextAreaElement && !event.ctrlKey) return;
    if (target instanceof HTMLButtonElement || target.getAttribute('role') === 'button') return;
    const root = event.currentTarget;
    const fields = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => el.offsetParent !== null || el === target,
    );
    const at = fields.indexOf(target);
    if (at < 0) return;
    event.preventDefault();
    const next = fields[at + 1];
    // A select has committed its highlighted option in its own handler (this runs after, bubbling).
    next?.focus();
  }, []);
}
