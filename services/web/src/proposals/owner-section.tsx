/** The owner's home (`/o/{token}`): proposals collecting co-signatures and the wall of wishes. */
import { ownerPath } from '../owner/frame.tsx';
import type { OwnerSection } from '../owner/sections.ts';
import type { ProposalsClient } from './client.ts';
import { ownerPaths } from './common.ts';
import { proposalTexts } from './texts.ts';
import { CosignProgress } from './views.tsx';

export function proposalsSection(proposals: ProposalsClient): OwnerSection {
  return {
    id: 'proposals',
    async render({ token, lang, owner }) {
      const t = proposalTexts[lang];
      const paths = ownerPaths(token, lang);
      const [open, wall] = await Promise.all([
        proposals.list(token, owner.communityId, lang, { status: 'open', limit: 3 }),
        proposals.wall(token, owner.communityId, lang, { limit: 1 }),
      ]);
      return (
        <section aria-labelledby="proposals">
          <h2 id="proposals">{t.sectionTitle}</h2>
          {!open.ok ? (
            <p class="error">{t.refusals.unavailable}</p>
          ) : (
            <>
              <p>{t.sectionOpen(open.value.items.length)}</p>
              {open.value.items.map((p) => (
                <div class="note">
                  <p>
                    <a href={paths.proposal(p.id)}>{p.title}</a>
                  </p>
                  <CosignProgress proposal={p} lang={lang} id={`home-${p.id}`} />
                </div>
              ))}
            </>
          )}
          <ul class="links">
            <li>
              <a href={paths.list()}>{t.allProposals}</a>
            </li>
            <li>
              <a href={ownerPath(token, lang, '/proposals/new')}>{t.newProposal}</a>
            </li>
            <li>
              <a href={ownerPath(token, lang, '/wishes')}>{t.wishesTitle}</a>
              {wall.ok
                ? `${t.sep}${t.wishCounts(wall.value.counts.fulfilled, wall.value.counts.total)}`
                : ''}
            </li>
          </ul>
        </section>
      );
    },
  };
}
