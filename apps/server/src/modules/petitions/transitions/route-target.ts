import { AppError, invalid } from '../../../errors.ts';
import { findUnit, type UnitRow } from '../../reference/reference.repo.ts';
import type { PetitionRow } from '../petition.repo.ts';

/**
 * Checks a unit a case is about to be sent to: it exists and is active, and a confidential
 * report (揭发控告) is never sent to the unit it accuses.
 */
export async function checkRouteTarget(
  tx: Parameters<typeof findUnit>[0],
  row: PetitionRow,
  unitId: string | undefined,
  field = 'unitId',
): Promise<UnitRow> {
  if (!unitId) throw invalid(field, '请选择责任单位');
  const unit = await findUnit(tx, unitId);
  if (!unit?.active) throw invalid(field, '责任单位不存在或已停用');
  if (row.accusedUnitId && row.accusedUnitId === unit.id) {
    throw new AppError('CONFIDENTIALITY_CONFLICT', '检举控告事项不得转送、交办给被检举控告的单位', {
      accusedUnitId: row.accusedUnitId,
    });
  }
  return unit;
}
