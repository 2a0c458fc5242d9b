/**
 * Whether the person asked the system for less motion (WCAG 2.3.3): then antd's fades and the
 * charts' growing bars are turned off, and what is shown is at once what is there.
 */
export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}
