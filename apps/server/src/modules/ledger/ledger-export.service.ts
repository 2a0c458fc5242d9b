import type { Writable } from 'node:stream';
import {
  CHANNEL_LABELS,
  type Channel,
  PURPOSE_LABELS,
  type PetitionState,
  type Purpose,
  SOURCE_LABELS,
  type Source,
} from '@xinfang/contract';
import ExcelJS from '../documents/exceljs.ts';
import type { Deps } from '../../deps.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { listForLedger, listPetitionersOf, type PetitionRow } from '../petitions/petition.repo.ts';
import { petitionScope } from '../petitions/petition.scope.ts';
import { maySeeIdentity } from '../petitions/identity.policy.ts';
import { listCategories, listUnits } from '../reference/reference.repo.ts';
import { LEDGER_COLUMNS, type LedgerColumn, STATE_EXPORT } from './ledger-columns.ts';
import { displayWidth, fittedWidths, officeSheet } from '../documents/xlsx-layout.ts';

const CONTENT_COLUMN = LEDGER_COLUMNS.indexOf('诉求内容') + 1;

const EVALUATION_LABELS = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
} as const;

/**
 * 台账导出 to .xlsx with the import's columns, streamed page by page, within the caller's scope
 * (no actor: the whole installation, for the CLI). ID numbers and phones are exported in clear
 * only for callers allowed to see them (and the export is audited); others get them blank.
 */
export async function exportLedger(
  deps: Deps,
  actor: Actor | null,
  period: { from: string; to: string },
  output: Writable,
): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('信访事项台账', officeSheet());
  const categories = await listCategories(deps.db);
  const categoryNames = new Map(categories.map((c) => [c.id, c.name]));
  const categoryPath = new Map(
    categories.map((c) => [c.id, c.parentId ? `${categoryNames.get(c.parentId)}/${c.name}` : c.name]),
  );
  const unitNames = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name]));
  const scope = actor ? petitionScope(actor) : undefined;
  const clear = (row: PetitionRow) => !actor || (actor.canViewPersonalData && maySeeIdentity(actor, row));
  let after: string | null = null;
  let count = 0;
  // A streamed sheet writes its column widths before its first row: they are fitted to the header
  // and the first page (1000 rows), the content the clerk sees first.
  let pending: Array<Record<LedgerColumn, string | number>> | null = [];
  const startSheet = (firstRows: Array<Record<LedgerColumn, string | number>>) => {
    const widths = fittedWidths(
      [LEDGER_COLUMNS, ...firstRows.map((r) => LEDGER_COLUMNS.map((c) => r[c]))],
      6,
      50,
    );
    sheet.columns = LEDGER_COLUMNS.map((header, i) => ({
      header,
      key: header,
      width: widths[i],
      style: header === '诉求内容' ? { alignment: { wrapText: true, vertical: 'top' } } : {},
    }));
    sheet.getRow(1).font = { bold: true };
  };
  /** A wrapped 诉求内容 gets the height of its lines: not every program recomputes it on opening. */
  const writeRow = (cells: Record<LedgerColumn, string | number>) => {
    const row = sheet.addRow(cells);
    const width = sheet.getColumn(CONTENT_COLUMN).width ?? 50;
    const lines = Math.ceil(displayWidth(cells.诉求内容) / Math.max(1, width - 2));
    if (lines > 1) row.height = 15 * lines;
    row.commit();
  };
  for (;;) {
    const page = await listForLedger(deps.db, scope, period.from, period.to, after, 1000);
    if (page.length === 0) break;
    const people = await listPetitionersOf(
      deps.db,
      page.map((p) => p.id),
    );
    for (const p of page) {
      const own = people.filter((x) => x.petitionId === p.id);
      const identity = !actor || maySeeIdentity(actor, p);
      // Every petitioner's ID number and phone, 「、」-separated in the order of 信访人 (empty for none).
      const perPerson = (cipher: (x: (typeof own)[number]) => string | null) =>
        clear(p)
          ? own
              .map((x) => (cipher(x) ? deps.crypto.decrypt(cipher(x)!) : ''))
              .join('、')
              .replace(/、+$/, '')
          : '';
      const cells: Record<LedgerColumn, string | number> = {
        编号: p.externalNo ?? p.caseNo,
        登记日期: p.registeredOn,
        信访形式: CHANNEL_LABELS[p.channel as Channel],
        信访人: identity ? own.map((x) => x.name).join('、') : '（保密）',
        人数: p.persons,
        证件号码: perPerson((x) => x.idNumberCipher),
        联系电话: perPerson((x) => x.phoneCipher),
        问题属地: p.regionCode,
        信访目的: PURPOSE_LABELS[p.purpose as Purpose],
        // The statistics call an unrecorded category 未分类; the ledger says the same, so it re-imports.
        内容分类: p.categoryId ? (categoryPath.get(p.categoryId) ?? '未分类') : '未分类',
        诉求内容: p.content,
        责任单位: p.responsibleUnitId ? (unitNames.get(p.responsibleUnitId) ?? '') : '',
        办理状态: STATE_EXPORT[p.state as PetitionState],
        来源: SOURCE_LABELS[p.source as Source],
        是否越级: p.isSkipLevel ? '是' : '否',
        是否重复: p.isRepeat ? '是' : '否',
        接访领导: p.leaderName ?? '',
        分流日期: p.firstTriagedOn ?? '',
        受理截止日期: p.acceptanceDueOn ?? '',
        受理日期: p.acceptanceDecidedOn ?? '',
        答复截止日期: p.replyDueOn ?? '',
        答复日期: p.repliedOn ?? '',
        办结日期: p.concludedOn ?? p.finalOn ?? '',
        评价结果: p.evaluation ? EVALUATION_LABELS[p.evaluation as keyof typeof EVALUATION_LABELS] : '',
        是否化解: p.resolved === null ? '' : p.resolved ? '是' : '否',
      };
      if (pending) pending.push(cells);
      else writeRow(cells);
      count++;
    }
    if (pending) {
      startSheet(pending);
      for (const cells of pending) writeRow(cells);
      pending = null;
    }
    after = page[page.length - 1].id;
  }
  if (pending) startSheet([]);
  sheet.commit();
  await workbook.commit();
  await deps.db.transaction(async (tx) => {
    await recordAudit(deps, tx, actor, {
      action: 'ledger.export',
      entityType: 'ledger',
      entityId: null,
      after: { ...period, rows: count, personalData: !actor || actor.canViewPersonalData },
    });
  });
  return { rows: count };
}
