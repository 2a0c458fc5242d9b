import { type KeyboardEvent, useMemo } from 'react';

const FOCUSABLE =
  'input:not([type=hidden]):not([type=file]):not([disabled]), textarea:not([disabled]), [data-enter-stop]';

function isPlainEnter(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.nativeEvent.isComposing;
}

/** Focuses the field after `target` in the form; false when `target` is not one of its fields. */
function focusNext(root: HTMLElement, target: HTMLElement): boolean {
  const fields = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.offsetParent !== null || el === target,
  );
  const at = fields.indexOf(target);
  if (at < 0) return false;
  fields[at + 1]?.focus();
  return true;
}

/**
 * Enter moves to the next field, as window clerks type: inputs and selects commit and move on;
 * in a multi-line text Enter is a new line (Tab or Ctrl+Enter moves on).
 *
 * A select whose list is closed keeps its value and moves on at once: the event is stopped before
 * the select sees it, as the select would otherwise open its list and leave it open over the
 * fields below. A select whose list is open commits the highlighted option in its own handler,
 * which closes the list, and then moves on.
 */
export function useEnterToNext() {
  return useMemo(
    () => ({
      onKeyDownCapture(event: KeyboardEvent<HTMLElement>) {
        if (!isPlainEnter(event)) return;
        const target = event.target as HTMLElement;
        if (target.getAttribute('role') !== 'combobox') return;
        if (target.getAttribute('aria-expanded') === 'true') return;
        if (!focusNext(event.currentTarget, target)) return;
        event.preventDefault();
        event.stopPropagation();
      },
      onKeyDown(event: KeyboardEvent<HTMLElement>) {
        if (!isPlainEnter(event)) return;
        const target = event.target as HTMLElement;
        if (target instanceof HTMLTextAreaElement && !event.ctrlKey) return;
        if (target instanceof HTMLButtonElement || target.getAttribute('role') === 'button') return;
        if (focusNext(event.currentTarget, target)) event.preventDefault();
      },
    }),
    [],
  );
}
