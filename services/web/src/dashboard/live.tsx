import type { BuildingFigures, MatterFigures, Progress } from '../ballots-staff-client.ts';
import type { Lang } from '../i18n.ts';
import { type Band, bands, dashboardTexts, formatClock } from './texts.ts';

/** Where the dashboard's links lead, with the page's language kept. */
export interface DashboardPaths {
  /** The building's list of owners not voted yet. */
  building(buildingId: string): string;
  /** The dashboard with the buildings of the `index`-th matter. */
  matter(index: number): string;
}

const percentOf = (p: string | null) => (p === null ? 0 : Number.parseFloat(p));

/** The lower of the two participation shares: both must reach two thirds. */
export const participation = (f: Pick<BuildingFigures, 'quorum'>) =>
  Math.min(percentOf(f.quorum.area.percent), percentOf(f.quorum.headcount.percent));

export function bandOf(f: Pick<BuildingFigures, 'quorum'>): Band {
  if (f.quorum.met) return 'met';
  const p = participation(f);
  return p >= 50 ? 'half' : p >= 25 ? 'quarter' : 'low';
}

const byName = (a: BuildingFigures, b: BuildingFigures) =>
  a.building.localeCompare(b.building, 'zh-CN', { numeric: true });

/** A bar of the share reached with a mark at `target` percent; the text next to it says the same. */
function Bar(props: { percent: string | null; target: number; met: boolean }) {
  const width = Math.min(100, Math.max(0, percentOf(props.percent)));
  return (
    <svg
      class="bar"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="100" height="10" fill="#e3e3e3" />
      <rect width={String(width)} height="10" fill={props.met ? '#0a6b2d' : '#0b4fb3'} />
      <rect x={String(props.target - 0.4)} width="0.8" height="10" fill="#111" />
    </svg>
  );
}

function Need(props: { figures: Pick<BuildingFigures, 'quorum'>; lang: Lang }) {
  const t = dashboardTexts[props.lang];
  const { quorum } = props.figures;
  return quorum.met ? (
    <p class="need met">{t.quorumMet}</p>
  ) : (
    <p class="need">{t.shortfall(t.need(quorum.shortfall.headcount, quorum.shortfall.area))}</p>
  );
}

function MatterCard(props: { matter: MatterFigures; index: number; lang: Lang }) {
  const t = dashboardTexts[props.lang];
  const m = props.matter;
  const target = m.threshold === 'majority' ? 50 : 75;
  return (
    <section class="matter" aria-labelledby={`m-${props.index}`}>
      <h2 id={`m-${props.index}`}>{t.matter(props.index + 1, m.title)}</h2>
      <h3>{t.participating}</h3>
      <p class="fig">
        {t.area(m.participating.area, m.total.area, m.quorum.area.percent)}
        <span class={m.quorum.areaMet ? 'yes' : 'no'}>{m.quorum.areaMet ? ' ✓' : ''}</span>
      </p>
      <Bar percent={m.quorum.area.percent} target={66.67} met={m.quorum.areaMet} />
      <p class="fig">
        {t.heads(m.participating.headcount, m.total.headcount, m.quorum.headcount.percent)}
        <span class={m.quorum.headcountMet ? 'yes' : 'no'}>
          {m.quorum.headcountMet ? ' ✓' : ''}
        </span>
      </p>
      <Bar percent={m.quorum.headcount.percent} target={66.67} met={m.quorum.headcountMet} />
      <Need figures={m} lang={props.lang} />
      <h3>{t.agree[m.threshold]}</h3>
      {m.approval === null ? (
        <p class="fig">{t.agreeHidden}</p>
      ) : (
        <>
          <p class="fig">
            {t.area(
              m.approval.area.numerator,
              m.approval.area.denominator,
              m.approval.area.percent,
            )}
          </p>
          <Bar percent={m.approval.area.percent} target={target} met={m.approval.areaMet} />
          <p class="fig">
            {t.heads(
              m.approval.headcount.numerator,
              m.approval.headcount.denominator,
              m.approval.headcount.percent,
            )}
          </p>
          <Bar
            percent={m.approval.headcount.percent}
            target={target}
            met={m.approval.headcountMet}
          />
          <p class={m.approval.met ? 'yes' : 'no'}>{t.approvalMet(m.approval.met)}</p>
        </>
      )}
    </section>
  );
}

function BuildingTable(props: { matter: MatterFigures; lang: Lang; paths: DashboardPaths }) {
  const t = dashboardTexts[props.lang];
  return (
    <div class="tbl">
      <table>
        <caption class="muted">{t.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.col.building}</th>
            <th scope="col">{t.col.taking}</th>
            <th scope="col">{t.col.need}</th>
          </tr>
        </thead>
        <tbody>
          {props.matter.buildings.map((b) => (
            <tr>
              <th scope="row">
                <a
                  id={`row-${b.buildingId}`}
                  href={props.paths.building(b.buildingId)}
                  aria-label={t.nonVotersLink(b.building)}
                >
                  {t.building(b.building)}
                </a>
              </th>
              <td>
                {t.ofHeads(
                  b.participating.headcount,
                  b.total.headcount,
                  b.quorum.headcount.percent,
                )}
                <br />
                {t.ofArea(b.participating.area, b.total.area, b.quorum.area.percent)}
              </td>
              <td>
                {b.quorum.met
                  ? t.met
                  : t
                      .needParts(b.quorum.shortfall.headcount, b.quorum.shortfall.area)
                      .map((part, i) => (i === 0 ? part : [<br />, part]))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BuildingMap(props: { matter: MatterFigures; lang: Lang; paths: DashboardPaths }) {
  const t = dashboardTexts[props.lang];
  return (
    <>
      <h3>{t.map}</h3>
      <p class="muted">{t.mapLead}</p>
      <ul class="legend">
        {bands.map((band) => (
          <li>
            <span class={`sw b-${band}`} aria-hidden="true" />
            {t.band[band]}
          </li>
        ))}
      </ul>
      <ul class="map">
        {[...props.matter.buildings].sort(byName).map((b) => {
          const band = bandOf(b);
          return (
            <li>
              <a
                class={`tile b-${band}`}
                id={`tile-${b.buildingId}`}
                href={props.paths.building(b.buildingId)}
              >
                <b>{t.tileName(b.building)}</b>
                <span>{t.tilePercent(participation(b).toFixed(2))}</span>
                <br />
                <span>{t.bandShort[band]}</span>
                {b.quorum.met ? null : (
                  <>
                    <br />
                    <span>
                      {t.shortfall(
                        t.needParts(b.quorum.shortfall.headcount, b.quorum.shortfall.area)[0] ?? '',
                      )}
                    </span>
                  </>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * Everything on the dashboard that moves with the votes: rendered into the page and again for each
 * event of the stream, so the page and its live updates can never disagree.
 */
export function LiveFigures(props: {
  progress: Progress;
  lang: Lang;
  /** Which matter's buildings to show (0-based); all matters' totals are always shown. */
  matter: number;
  paths: DashboardPaths;
}) {
  const t = dashboardTexts[props.lang];
  const p = props.progress;
  const selected = p.matters[props.matter] ?? p.matters[0];
  return (
    <>
      <div class="lead">
        <p class="left">{t.timeLeft(p.secondsLeft)}</p>
        <p>{t.status[p.status] ?? p.status}</p>
      </div>
      <p class="muted">{t.updatedAt(formatClock(p.computedAt, props.lang))}</p>
      {p.matters.map((m, i) => (
        <MatterCard matter={m} index={i} lang={props.lang} />
      ))}
      <section id="buildings" aria-labelledby="buildings-h">
        <h2 id="buildings-h">{t.buildings}</h2>
        {p.matters.length > 1 ? (
          <nav class="matters" aria-label={t.buildingsMatter}>
            {t.buildingsMatter}{' '}
            {p.matters.map((m, i) =>
              m === selected ? (
                <strong aria-current="true">{t.matterShort(i + 1)} </strong>
              ) : (
                <a href={props.paths.matter(i)}>{t.matterShort(i + 1)} </a>
              ),
            )}
          </nav>
        ) : null}
        {!selected || selected.buildings.length === 0 ? (
          <p>{t.noBuildings}</p>
        ) : (
          <>
            <BuildingTable matter={selected} lang={props.lang} paths={props.paths} />
            <BuildingMap matter={selected} lang={props.lang} paths={props.paths} />
          </>
        )}
      </section>
    </>
  );
}

/** The live region as HTML, for one event of the relayed stream. */
export const renderLive = (props: Parameters<typeof LiveFigures>[0]): string =>
  String(<LiveFigures {...props} />);
