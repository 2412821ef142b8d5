import { enqueue } from '@yishi/bus';
import { implementationUpdatePublished, ledgerEntryRecorded } from '@yishi/contracts';
import { preconditionFailed } from '@yishi/errors';
import { stringify } from 'csv-stringify/sync';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { attachments, implementationUpdates, ledgerEntries } from '../db/schema/index.ts';
import { assertCommittee, type Caller } from './caller.ts';
import { loadProposal } from './proposals.ts';
import { lockProposal, type ProposalRow } from './transition.ts';

/** After a decision (已形成决定): implementation updates and the fund ledger are open. */
const implementing = new Set(['decided', 'being_implemented', 'done']);

function assertImplementing(row: ProposalRow) {
  if (!implementing.has(row.status) || row.outcome !== 'decided') {
    throw preconditionFailed(
      {
        zh: '只有已形成决定的议题才能记录实施进展和资金收支',
        en: 'Updates and the fund ledger are for proposals that were decided',
      },
      { details: { reason: 'not_decided', status: row.status } },
    );
  }
}

export interface LedgerEntryView {
  id: string;
  seq: number;
  kind: 'contribution' | 'expenditure';
  occurredOn: string;
  amountFen: number;
  description: string;
  receiptRef: string;
  /** The balance in fen after this entry. */
  balanceFen: number;
  recordedAt: string;
}

export interface LedgerView {
  proposalId: string;
  title: string;
  contributionsFen: number;
  expendituresFen: number;
  balanceFen: number;
  entries: LedgerEntryView[];
}

/**
 * Records a contribution or expenditure (integer fen). Append-only: a mistake is corrected by a
 * further entry. The proposal's lock orders entries, so `seq` and the running balance are exact.
 */
export async function recordLedgerEntry(
  deps: Deps,
  input: {
    caller: Caller;
    communityId: string;
    proposalId: string;
    entry: {
      kind: 'contribution' | 'expenditure';
      occurredOn: string;
      amountFen: number;
      description: string;
      receiptRef: string;
    };
  },
): Promise<LedgerEntryView> {
  assertCommittee(input.caller);
  const at = deps.now();
  const view = await deps.db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.communityId, input.proposalId);
    assertImplementing(proposal);
    const [totals] = await tx
      .select({
        n: sql<number>`count(*)::int`,
        balance: sql<string>`coalesce(sum(case when ${ledgerEntries.kind} = 'contribution' then ${ledgerEntries.amountFen} else -${ledgerEntries.amountFen} end), 0)::bigint`,
      })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.proposalId, proposal.id));
    const signed =
      input.entry.kind === 'contribution' ? input.entry.amountFen : -input.entry.amountFen;
    const balanceFen = Number(totals?.balance ?? 0) + signed;
    const row = {
      id: deps.newId(),
      proposalId: proposal.id,
      seq: (totals?.n ?? 0) + 1,
      ...input.entry,
      recordedBy: (input.caller as { staffId: string }).staffId,
      recordedAt: at,
    };
    await tx.insert(ledgerEntries).values(row);
    await enqueue(
      tx,
      ledgerEntryRecorded,
      {
        communityId: input.communityId,
        aggregateId: proposal.id,
        payload: {
          proposalId: proposal.id,
          entryId: row.id,
          kind: row.kind,
          amountFen: row.amountFen,
          occurredOn: row.occurredOn,
          balanceFen,
        },
      },
      { now: () => at, newId: deps.newId },
    );
    const { proposalId: _, recordedBy: __, ...rest } = row;
    return { ...rest, balanceFen, recordedAt: at.toISOString() };
  });
  deps.wakeRelay();
  return view;
}

/** The whole ledger with running balances and totals, in the order entries were made. */
export async function ledgerOf(
  deps: Pick<Deps, 'db'>,
  input: { caller: Caller; communityId: string; proposalId: string },
): Promise<LedgerView> {
  return ledgerFor(deps, await loadProposal(deps, input));
}

/** The ledger of a proposal already loaded (and so visible to whoever asks). */
export async function ledgerFor(
  deps: Pick<Deps, 'db'>,
  proposal: Pick<ProposalRow, 'id' | 'title'>,
): Promise<LedgerView> {
  const rows = await deps.db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.proposalId, proposal.id))
    .orderBy(asc(ledgerEntries.seq));
  let balance = 0;
  let contributions = 0;
  let expenditures = 0;
  const entries = rows.map((row) => {
    if (row.kind === 'contribution') contributions += row.amountFen;
    else expenditures += row.amountFen;
    balance = contributions - expenditures;
    return {
      id: row.id,
      seq: row.seq,
      kind: row.kind,
      occurredOn: row.occurredOn,
      amountFen: row.amountFen,
      description: row.description,
      receiptRef: row.receiptRef,
      balanceFen: balance,
      recordedAt: row.recordedAt.toISOString(),
    };
  });
  return {
    proposalId: proposal.id,
    title: proposal.title,
    contributionsFen: contributions,
    expendituresFen: expenditures,
    balanceFen: balance,
    entries,
  };
}

/** Fen as yuan with two decimals, exactly ("-1234.50"), never through a float. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const FORMULA_START = /^[=+\-@\t\r]/u;
const safe = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

/** The ledger as CSV (UTF-8 with a BOM, CRLF) for printing and the notice board (公示). */
export function ledgerCsv(ledger: LedgerView): Uint8Array {
  const kindZh = { contribution: '收入', expenditure: '支出' } as const;
  const rows = ledger.entries.map((e) => [
    String(e.seq),
    e.occurredOn,
    kindZh[e.kind],
    yuan(e.amountFen),
    safe(e.description),
    safe(e.receiptRef),
    yuan(e.balanceFen),
  ]);
  const totals = [
    ['', '', '收入合计', yuan(ledger.contributionsFen), '', '', ''],
    ['', '', '支出合计', yuan(ledger.expendituresFen), '', '', ''],
    ['', '', '结余', yuan(ledger.balanceFen), '', '', ''],
  ];
  const header = ['序号', '日期', '类别', '金额（元）', '摘要', '票据号', '结余（元）'];
  return new TextEncoder().encode(
    `\uFEFF${stringify([header, ...rows, ...totals], { record_delimiter: 'windows' })}`,
  );
}

export interface UpdateView {
  id: string;
  body: string;
  photos: { id: string; fileName: string; contentType: string; size: number }[];
  createdAt: string;
}

/** The committee publishes an implementation update (photos are added to it afterwards). */
export async function publishUpdate(
  deps: Deps,
  input: { caller: Caller; communityId: string; proposalId: string; body: string },
): Promise<UpdateView> {
  assertCommittee(input.caller);
  const at = deps.now();
  const id = deps.newId();
  await deps.db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.communityId, input.proposalId);
    assertImplementing(proposal);
    await tx.insert(implementationUpdates).values({
      id,
      proposalId: proposal.id,
      body: input.body,
      createdBy: (input.caller as { staffId: string }).staffId,
      createdAt: at,
    });
    await enqueue(
      tx,
      implementationUpdatePublished,
      {
        communityId: input.communityId,
        aggregateId: proposal.id,
        payload: {
          proposalId: proposal.id,
          updateId: id,
          photoCount: 0,
          publishedAt: at.toISOString(),
        },
      },
      { now: () => at, newId: deps.newId },
    );
  });
  deps.wakeRelay();
  return { id, body: input.body, photos: [], createdAt: at.toISOString() };
}

/** A proposal's implementation updates with their photos, newest first. */
export async function updatesOf(
  deps: Pick<Deps, 'db'>,
  input: { caller: Caller; communityId: string; proposalId: string },
): Promise<UpdateView[]> {
  return updatesFor(deps, (await loadProposal(deps, input)).id);
}

/** The updates of a proposal already loaded (and so visible to whoever asks), newest first. */
export async function updatesFor(
  deps: Pick<Deps, 'db'>,
  proposalId: string,
): Promise<UpdateView[]> {
  const [updates, photos] = await Promise.all([
    deps.db
      .select()
      .from(implementationUpdates)
      .where(eq(implementationUpdates.proposalId, proposalId))
      .orderBy(desc(implementationUpdates.createdAt), desc(implementationUpdates.id)),
    deps.db
      .select({
        id: attachments.id,
        updateId: attachments.updateId,
        fileName: attachments.fileName,
        contentType: attachments.contentType,
        size: attachments.size,
      })
      .from(attachments)
      .where(eq(attachments.proposalId, proposalId))
      .orderBy(asc(attachments.createdAt)),
  ]);
  return updates.map((u) => ({
    id: u.id,
    body: u.body,
    photos: photos.filter((p) => p.updateId === u.id).map(({ updateId: _, ...photo }) => photo),
    createdAt: u.createdAt.toISOString(),
  }));
}
