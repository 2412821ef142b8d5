import type { Choice, OwnerView } from '../ballots-client.ts';
import { formatInstant, type Lang, texts } from '../i18n.ts';

type Matter = OwnerView['matters'][number];
type Election = NonNullable<Matter['election']>;
const choiceOrder: Choice[] = ['agree', 'oppose', 'abstain'];

/** Words of elections (选举业主委员会委员) on the owner's pages. */
const electionTexts = {
  zh: {
    heading: (n: number, title: string, seats: number) => `事项${n}：${title}（应选 ${seats} 名）`,
    lead: (seats: number) =>
      `请对每位候选人分别选择 同意、反对 或 弃权。获得通过的候选人中，同意票最多的 ${seats} 位当选。`,
    candidate: (name: string) => `候选人：${name}`,
    inList: (n: number, title: string, name: string) => `事项${n}：${title} · 候选人：${name}`,
  },
  en: {
    heading: (n: number, title: string, seats: number) =>
      `Matter ${n}: ${title} (${seats} ${seats === 1 ? 'seat' : 'seats'})`,
    lead: (seats: number) =>
      `Choose Agree, Oppose or Abstain for each candidate. Of the candidates who pass, the ${seats} with the most agreement are elected.`,
    candidate: (name: string) => `Candidate: ${name}`,
    inList: (n: number, title: string, name: string) => `Matter ${n}: ${title} · candidate ${name}`,
  },
} satisfies Record<Lang, unknown>;

/**
 * The matters in ballot order, numbered as owners read them: a question is one matter, an
 * election (its candidates gathered where the first one stands) is one matter of many questions.
 */
type Group =
  | { kind: 'question'; n: number; matter: Matter }
  | { kind: 'election'; n: number; election: Election; candidates: Matter[] };
function groupsOf(view: OwnerView): Group[] {
  const groups: Group[] = [];
  const elections = new Map<string, Matter[]>();
  for (const m of sortedMatters(view)) {
    const known = m.election ? elections.get(m.election.id) : undefined;
    if (known) {
      known.push(m);
    } else if (m.election) {
      const candidates = [m];
      elections.set(m.election.id, candidates);
      groups.push({ kind: 'election', n: groups.length + 1, election: m.election, candidates });
    } else {
      groups.push({ kind: 'question', n: groups.length + 1, matter: m });
    }
  }
  return groups;
}

/** `/v/{token}` plus a sub-path, keeping the language. */
export function linkPath(token: string, lang: Lang, sub = '', query: Record<string, string> = {}) {
  const params = new URLSearchParams(query);
  if (lang === 'en') params.set('lang', 'en');
  const search = params.toString();
  return `/v/${encodeURIComponent(token)}${sub}${search ? `?${search}` : ''}`;
}

export function BallotHeading(props: { view: OwnerView; lang: Lang }) {
  const t = texts[props.lang];
  const { ballot } = props.view;
  return (
    <>
      <h1>{ballot.title}</h1>
      {ballot.description ? <p>{ballot.description}</p> : null}
      <p class="muted">
        {t.window(
          formatInstant(ballot.opensAt, props.lang),
          formatInstant(ballot.closesAt, props.lang),
        )}
      </p>
    </>
  );
}

/** The owner's own units and areas, which their vote counts for. */
export function OwnUnits(props: { view: OwnerView; lang: Lang }) {
  const t = texts[props.lang];
  const { units } = props.view;
  return (
    <>
      <h2>{t.yourUnits}</h2>
      <ul class="units">
        {units.map((u) => (
          <li>
            {t.unit(u.building, u.entrance, u.room)} · {u.area} m²{' '}
            <span class="muted">{t.areaBasis[u.areaBasis] ?? `(${u.areaBasis})`}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** What a matter decides and what it takes to pass, in plain words. */
function MatterText(props: { matter: Matter; lang: Lang; token: string; brief?: boolean }) {
  const t = texts[props.lang];
  const m = props.matter;
  return (
    <>
      {m.body ? <p>{m.body}</p> : null}
      {m.attachments.length > 0 ? (
        <ul class="files" aria-label={t.attachments}>
          {m.attachments.map((a) => (
            <li>
              <a href={`/v/${encodeURIComponent(props.token)}/attachments/${a.id}`}>{a.fileName}</a>{' '}
              <span class="muted">({fileSize(a.contentType, a.size)})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {props.brief ? null : <HowDecided matter={m} lang={props.lang} />}
    </>
  );
}

/** The item of Art. 278 and what it takes to pass (once per election, for all its candidates). */
function HowDecided(props: { matter: Matter; lang: Lang }) {
  const t = texts[props.lang];
  const m = props.matter;
  return (
    <>
      <p class="muted">
        {m.label[props.lang]}（{t.item(m.item)}）
      </p>
      <p class="note">
        <strong>{t.howDecided}：</strong>
        {m.explanation[props.lang]}
      </p>
    </>
  );
}

/** An election's heading with its seats, how it is decided, then each candidate's part. */
function ElectionPart(props: {
  lang: Lang;
  group: Extract<Group, { kind: 'election' }>;
  level: 'h2' | 'h3';
  children: unknown;
}) {
  const e = electionTexts[props.lang];
  const { group } = props;
  const id = `e-${group.election.id}`;
  const Heading = props.level;
  return (
    <section class="election" aria-labelledby={id}>
      <Heading id={id}>{e.heading(group.n, group.election.title, group.election.seats)}</Heading>
      <p>{e.lead(group.election.seats)}</p>
      <HowDecided matter={group.candidates[0]!} lang={props.lang} />
      {props.children}
    </section>
  );
}

/** "PDF, 120 KB": what tapping the link will cost on a slow connection. */
function fileSize(contentType: string, bytes: number) {
  const kind =
    contentType === 'application/pdf' ? 'PDF' : contentType.replace(/^image\//, '').toUpperCase();
  const size =
    bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${kind}, ${size}`;
}

const sortedMatters = (view: OwnerView) =>
  [...view.matters].sort((a, b) => a.position - b.position);

/** The ballot form: one fieldset of three large radio choices per matter. */
export function VoteForm(props: {
  view: OwnerView;
  lang: Lang;
  token: string;
  selected: Record<string, Choice>;
  missing?: ReadonlySet<string>;
  error?: string;
  /** The second factor was missing or wrong: said again next to its field. */
  factorError?: boolean;
}) {
  const t = texts[props.lang];
  const { view } = props;
  const factor = view.ballot.secondFactor;
  return (
    <form method="post" action={linkPath(props.token, props.lang, '/confirm')}>
      {props.error ? (
        <p class="error" role="alert" id="form-error">
          {props.error}
        </p>
      ) : null}
      <p>{t.chooseEach}</p>
      <p class="muted">{t.quorum}</p>
      {groupsOf(view).map((g) => {
        const e = electionTexts[props.lang];
        if (g.kind === 'question') return choices(g.matter, `${t.matter(g.n)}：${g.matter.title}`);
        return (
          <ElectionPart lang={props.lang} group={g} level="h2">
            {g.candidates.map((m) => choices(m, e.candidate(m.title), true))}
          </ElectionPart>
        );
      })}
      {factor === 'none' ? null : (
        <SecondFactorField
          lang={props.lang}
          kind={factor}
          {...(props.factorError && props.error ? { error: props.error } : {})}
        />
      )}
      <button type="submit">{t.next}</button>
    </form>
  );

  /** One question's fieldset of three large choices (a candidate is one question). */
  function choices(m: Matter, legend: string, candidate = false) {
    const missing = props.missing?.has(m.id);
    return (
      <fieldset id={`m-${m.id}`}>
        <legend>{legend}</legend>
        <MatterText matter={m} lang={props.lang} token={props.token} brief={candidate} />
        {missing ? <p class="error">{t.missing}</p> : null}
        {choiceOrder.map((c) => (
          <label class="opt">
            <input
              type="radio"
              name={`c_${m.id}`}
              value={c}
              required
              checked={props.selected[m.id] === c}
            />
            {t.choices[c]}
          </label>
        ))}
      </fieldset>
    );
  }
}

function SecondFactorField(props: { lang: Lang; kind: string; error?: string }) {
  const t = texts[props.lang];
  return (
    <p>
      {props.error ? (
        <span class="error" id="sf-error">
          {props.error}
          <br />
        </span>
      ) : null}
      <label for="sf">
        {t.secondFactorHint}
        <br />
        <strong>{t.secondFactor[props.kind]}</strong>
      </label>
      <br />
      <input
        type="text"
        id="sf"
        name="sf"
        inputmode="numeric"
        autocomplete="off"
        pattern="[0-9Xx]{4}"
        maxlength={4}
        required
        {...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': 'sf-error' } : {})}
      />
    </p>
  );
}

/** The confirmation step: the choices to check, cast or go back (all plain forms). */
export function ConfirmForm(props: {
  view: OwnerView;
  lang: Lang;
  token: string;
  selected: Record<string, Choice>;
  secondFactor: string;
}) {
  const t = texts[props.lang];
  const matters = sortedMatters(props.view);
  const hidden = matters.map((m) => (
    <input type="hidden" name={`c_${m.id}`} value={props.selected[m.id] ?? ''} />
  ));
  return (
    <>
      <h2>{t.confirmTitle}</h2>
      <p>{props.view.ballot.allowChange ? t.confirmLeadChange : t.confirmLead}</p>
      <ChoiceList view={props.view} lang={props.lang} choices={props.selected} />
      <form method="post" action={linkPath(props.token, props.lang, '/vote')}>
        {hidden}
        {props.secondFactor ? <input type="hidden" name="sf" value={props.secondFactor} /> : null}
        <button type="submit">{t.cast}</button>
      </form>
      <form method="get" action={`/v/${encodeURIComponent(props.token)}`}>
        {hidden}
        {props.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <button type="submit" class="secondary">
          {t.back}
        </button>
      </form>
    </>
  );
}

export function ChoiceList(props: {
  view: OwnerView;
  lang: Lang;
  choices: Record<string, string>;
}) {
  const t = texts[props.lang];
  const e = electionTexts[props.lang];
  const rows = groupsOf(props.view).flatMap((g) =>
    g.kind === 'question'
      ? [{ m: g.matter, label: `${t.matter(g.n)}：${g.matter.title}` }]
      : g.candidates.map((m) => ({ m, label: e.inList(g.n, g.election.title, m.title) })),
  );
  return (
    <dl>
      {rows.map(({ m, label }) => (
        <>
          <dt>{label}</dt>
          <dd>
            <strong>{t.choices[props.choices[m.id] ?? ''] ?? '—'}</strong>
          </dd>
        </>
      ))}
    </dl>
  );
}

/** Already voted: their own choices and, right after voting, the receipt code. */
export function VotedPanel(props: { view: OwnerView; lang: Lang; receipt: string | null }) {
  const t = texts[props.lang];
  const { choices } = props.view;
  const first = choices[0];
  const byMatter = Object.fromEntries(
    choices.flatMap((c) => (c.choice === null ? [] : [[c.matterId, c.choice]])),
  );
  const hidden = choices.length > 0 && choices.every((c) => c.choice === null);
  return (
    <section class="ok" aria-labelledby="voted-title">
      <h2 id="voted-title">{props.receipt ? t.receiptTitle : t.votedTitle}</h2>
      {props.receipt ? (
        <>
          <p>{t.receiptLabel}：</p>
          <strong class="receipt">{props.receipt}</strong>
          <p>{t.receiptKeep}</p>
        </>
      ) : first ? (
        <p class="muted">{t.fingerprint(first.receiptFingerprint)}</p>
      ) : null}
      {first ? (
        <p class="muted">
          {t.votedAt(formatInstant(first.castAt, props.lang))} ·{' '}
          {t.channel[first.channel] ?? first.channel}
        </p>
      ) : null}
      {hidden ? (
        <p>{t.choicesHidden}</p>
      ) : (
        <>
          <h2>{t.yourChoices}</h2>
          <ChoiceList view={props.view} lang={props.lang} choices={byMatter} />
        </>
      )}
    </section>
  );
}

/** Not open, closed or cancelled: when voting opens, or when and where the result is published. */
export function StatusPanel(props: { view: OwnerView; lang: Lang }) {
  const t = texts[props.lang];
  const { view } = props;
  if (view.status === 'not_open') {
    return (
      <section class="note">
        <h2>{t.notOpenTitle}</h2>
        <p>{t.notOpen(formatInstant(view.ballot.opensAt, props.lang))}</p>
      </section>
    );
  }
  if (view.status === 'cancelled') {
    return (
      <section class="note">
        <h2>{t.cancelledTitle}</h2>
        <p>{t.cancelled}</p>
      </section>
    );
  }
  return (
    <section class="note">
      <h2>{t.closedTitle}</h2>
      <p>{t.closed(formatInstant(view.ballot.closesAt, props.lang))}</p>
      <p>{t.published}</p>
    </section>
  );
}

/** The matters to read when there is nothing to vote on (not yet open, closed). */
export function MatterSummary(props: { view: OwnerView; lang: Lang; token: string }) {
  const t = texts[props.lang];
  const e = electionTexts[props.lang];
  return (
    <>
      {groupsOf(props.view).map((g) =>
        g.kind === 'question' ? (
          <section>
            <h2>
              {t.matter(g.n)}：{g.matter.title}
            </h2>
            <MatterText matter={g.matter} lang={props.lang} token={props.token} />
          </section>
        ) : (
          <ElectionPart lang={props.lang} group={g} level="h2">
            {g.candidates.map((m) => (
              <>
                <h3>{e.candidate(m.title)}</h3>
                <MatterText matter={m} lang={props.lang} token={props.token} brief />
              </>
            ))}
          </ElectionPart>
        ),
      )}
    </>
  );
}
