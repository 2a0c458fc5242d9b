import type { Role, UnitKind } from '@xinfang/contract';

/** The caller of a use case, resolved from the session before any service runs. */
export type Actor = {
  userId: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  unitKind: UnitKind;
  regionCode: string;
  roles: readonly Role[];
  canViewPersonalData: boolean;
  /** Extra read scope: a region subtree granted to this user (leaders). */
  regionGrant?: string | null;
  requestId?: string;
  ip?: string;
};

/** The user id the system acts under (CLI imports, electronic delivery on the portal, sweeps). */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

/** The system itself (CLI imports, demo loader, scheduled sweeps). */
export function systemActor(unit: { id: string; name: string; regionCode: string; kind?: UnitKind }): Actor {
  return {
    userId: SYSTEM_USER_ID,
    username: 'system',
    displayName: '系统',
    unitId: unit.id,
    unitName: unit.name,
    unitKind: unit.kind ?? 'bureau',
    regionCode: unit.regionCode,
    roles: ['admin', 'caseworker', 'registrar', 'handler', 'supervisor', 'leader'],
    canViewPersonalData: true,
    requestId: undefined,
    ip: undefined,
  };
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  roles.some((r) => actor.roles.includes(r));
