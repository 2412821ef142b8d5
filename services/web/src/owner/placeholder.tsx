import { meetingTexts } from '../meetings/texts.ts';
import type { OwnerSection } from './sections.ts';

/** Where the proposals pages will list the community's proposals and wishes. */
export const proposalsPlaceholder: OwnerSection = {
  id: 'proposals',
  render: ({ lang }) => {
    const t = meetingTexts[lang];
    return (
      <section aria-labelledby="proposals">
        <h2 id="proposals">{t.proposalsTitle}</h2>
        <p class="muted">{t.proposalsSoon}</p>
      </section>
    );
  },
};
