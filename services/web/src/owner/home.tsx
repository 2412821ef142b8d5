/** `GET /o/{token}`: the owner's home — their units, then each section of `ownerSections`. */
import type { AppEnv } from '@yishi/app';
import { Hono } from 'hono';
import { langOf } from '../i18n.ts';
import type { MeetingsClient } from '../meetings/client.ts';
import { meetingTexts } from '../meetings/texts.ts';
import { isOwnerToken, ownerPage, refusalOf, refusedPage, rememberOwner } from './frame.tsx';
import type { OwnerSection } from './sections.ts';

export function ownerHome(deps: {
  meetings: MeetingsClient;
  sections: OwnerSection[];
  now?: () => Date;
}) {
  const app = new Hono<AppEnv>();
  app.get('/o/:token', async (c) => {
    const token = c.req.param('token');
    const lang = langOf(c.req.query('lang'));
    const t = meetingTexts[lang];
    if (!isOwnerToken(token)) return refusedPage(c, lang, 'link_invalid');
    const profile = await deps.meetings.ownerProfile(token, lang);
    if (!profile.ok) return refusedPage(c, lang, refusalOf(profile.error));
    const owner = profile.value;
    rememberOwner(c, token);
    const ctx = { c, token, lang, owner, now: deps.now?.() ?? new Date() };
    const sections = await Promise.all(deps.sections.map((s) => s.render(ctx)));
    return ownerPage(
      c,
      { lang, title: t.homeTitle },
      <>
        <h1>{t.homeTitle}</h1>
        {owner.communityName ? <p>{t.homeLead(owner.communityName)}</p> : null}
        <section aria-labelledby="units">
          <h2 id="units">{t.yourUnits}</h2>
          {owner.units.length === 0 ? (
            <p class="error">{t.noUnits}</p>
          ) : (
            <ul class="units">
              {owner.units.map((u) => (
                <li>
                  {t.unit(u.building, u.entrance, u.room)}　{t.unitArea(u.area)}
                </li>
              ))}
              {owner.units.length > 1 ? <li class="muted">{t.totalArea(owner.area)}</li> : null}
            </ul>
          )}
          <p class="muted">{t.keepLink}</p>
        </section>
        {sections}
      </>,
    );
  });
  return app;
}
