import { api, el, field, format, pageUrl, run, setStatus, show, signedIn, t } from './common.js';

run(async () => {
  const me = await signedIn();
  setStatus(t.site.loading);
  field('welcome').textContent = format(t.signIn.welcome, { name: me.name });
  const { items } = await api('/me/proposals?limit=100');
  field('proposals').replaceChildren(
    ...items.map((proposal) =>
      el(
        'li',
        {},
        el('a', { href: pageUrl(`/proposals/${proposal.id}`), textContent: proposal.title }),
        ` · ${t.labels.proposalState[proposal.state]}`,
      ),
    ),
  );
  show(field('no-proposals'), items.length === 0);
  show(document.getElementById('welcome'));
  setStatus(null);
});
