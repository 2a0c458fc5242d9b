import { useEffect, useRef } from 'react';

const EVENTS = ['mousedown', 'keydown', 'wheel', 'touchstart'] as const;

/** Calls `onIdle` once after `ms` without keyboard or mouse activity while `active`. */
export function useIdleTimeout(active: boolean, ms: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(() => callback.current(), ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), ms);
    };
    for (const e of EVENTS) window.addEventListener(e, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of EVENTS) window.removeEventListener(e, reset);
    };
  }, [active, ms]);
}
