import { describe, expect, it } from 'vitest';
import { impliedParent, isInRegion, regionLevel, regionPrefix } from './region.ts';

describe('region codes', () => {
  it('derives the subtree prefix from the code shape', () => {
    expect(regionPrefix('630000')).toBe('63');
    expect(regionPrefix('630100')).toBe('6301');
    expect(regionPrefix('632223')).toBe('632223');
    expect(regionPrefix('632223100')).toBe('632223100');
    expect(regionPrefix('632223100000')).toBe('632223100');
  });

  it('tells membership of a subtree', () => {
    expect(isInRegion('632223', '630000')).toBe(true);
    expect(isInRegion('632223101', '632223')).toBe(true);
    expect(isInRegion('632224', '632223')).toBe(false);
    expect(isInRegion('640100', '630000')).toBe(false);
  });

  it('knows levels and parents', () => {
    expect(regionLevel('630000')).toBe(1);
    expect(regionLevel('630100')).toBe(2);
    expect(regionLevel('632223')).toBe(3);
    expect(regionLevel('632223100')).toBe(4);
    expect(impliedParent('632223100')).toBe('632223');
    expect(impliedParent('632223')).toBe('632200');
    expect(impliedParent('632200')).toBe('630000');
    expect(impliedParent('630000')).toBeNull();
  });
});
