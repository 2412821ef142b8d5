import type { Context } from 'hono';
import {
  type BuildingFigures,
  type NonVotersPage,
  outreachOutcomes,
} from '../ballots-staff-client.ts';
import { formatInstant, type Lang } from '../i18n.ts';
import { CsrfInput, Pager } from '../staff/frame.tsx';
import { dashboardTexts } from './texts.ts';

/**
 * A building's owners not voted yet, in walking order, each with their last logged visit and a
 * form to log the next: an optional note, then one tap on the outcome. Built for a phone in one
 * hand on a staircase: the buttons are big, and after a tap the page comes back at the same owner.
 */
export function NonVoterList(props: {
  c: Context;
  lang: Lang;
  figures: BuildingFigures;
  page: NonVotersPage;
  /** Where the visit forms post. */
  action: string;
  /** The dashboard. */
  back: string;
  cursor?: string | undefined;
  done?: { unitId: string; outcome: string } | undefined;
  error?: { unitId: string; message: string; note: string } | undefined;
}) {
  const t = dashboardTexts[props.lang];
  const { figures, page, done, error } = props;
  const label = (u: { entrance: string; room: string }) => t.unit(u.entrance, u.room);
  const doneUnit = done ? page.items.find((u) => u.unitId === done.unitId) : undefined;
  const here = props.action.replace(/\/outreach$/, '');
  return (
    <>
      <h1>{t.nonVotersTitle(figures.building)}</h1>
      <p class="fig">
        {t.heads(
          figures.participating.headcount,
          figures.total.headcount,
          figures.quorum.headcount.percent,
        )}
        {' · '}
        {t.area(figures.participating.area, figures.total.area, figures.quorum.area.percent)}
      </p>
      {figures.quorum.met ? (
        <p class="need met">{t.quorumMet}</p>
      ) : (
        <p class="need">
          {t.shortfall(t.need(figures.quorum.shortfall.headcount, figures.quorum.shortfall.area))}
        </p>
      )}
      {done ? (
        <p class="flash" role="status">
          {t.recorded(
            doneUnit ? label(doneUnit) : '',
            t.outcome[done.outcome as keyof typeof t.outcome],
          )}
        </p>
      ) : null}
      <p class="muted">{t.nonVotersLead}</p>
      {page.items.length === 0 ? (
        <p>{t.allVoted}</p>
      ) : (
        <ol class="nv">
          {page.items.map((u) => {
            const failed = error?.unitId === u.unitId ? error : undefined;
            return (
              <li id={`u-${u.unitId}`}>
                <h2>{label(u)}</h2>
                <p class="muted">
                  {[
                    u.floor === null ? null : t.floor(u.floor),
                    t.areaOf(u.area),
                    u.phoneMasked ? t.phone(u.phoneMasked) : t.noPhone,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                <p>
                  {u.outreach
                    ? t.lastVisit(
                        t.outcome[u.outreach.outcome],
                        formatInstant(u.outreach.at, props.lang),
                      )
                    : t.notVisited}
                </p>
                <form method="post" action={props.action}>
                  <CsrfInput c={props.c} />
                  <input type="hidden" name="holderKey" value={u.holderKey} />
                  <input type="hidden" name="unitId" value={u.unitId} />
                  {props.cursor ? <input type="hidden" name="cursor" value={props.cursor} /> : null}
                  <label class="nl" for={`n-${u.unitId}`}>
                    {t.note}
                  </label>
                  <input
                    class="nt"
                    type="text"
                    id={`n-${u.unitId}`}
                    name="note"
                    maxlength={200}
                    autocomplete="off"
                    value={failed?.note ?? ''}
                    {...(failed
                      ? {
                          'aria-describedby': `e-${u.unitId}`,
                          'aria-invalid': 'true',
                          autofocus: true,
                        }
                      : {})}
                  />
                  {failed ? (
                    <p class="error" id={`e-${u.unitId}`} role="alert">
                      {failed.message || t.invalid}
                    </p>
                  ) : null}
                  <fieldset class="visit">
                    <legend>{t.recordFor(label(u))}</legend>
                    <div class="outcomes">
                      {outreachOutcomes.map((o) => (
                        <button type="submit" name="outcome" value={o}>
                          {t.outcome[o]}
                        </button>
                      ))}
                    </div>
                  </fieldset>
                </form>
              </li>
            );
          })}
        </ol>
      )}
      <Pager lang={props.lang} base={here} cursor={props.cursor} nextCursor={page.nextCursor} />
      <p>
        <a href={props.back}>{t.back}</a>
      </p>
    </>
  );
}
