import { api, el, field, format, pageUrl, run, setStatus, show, signedIn, t } from './common.js';

/** A list of links, each followed by what state its subject is in; a line says when there is none. */
function fillList(name, items, linkOf) {
  field(name).replaceChildren(...items.map((item) => el('li', {}, el('a', linkOf(item)), ` · ${item.stateLabel}`)));
  show(field(`no-${name}`), items.length === 0);
}

run(async () => {
  const me = await signedIn();
  setStatus(t.site.loading);
  field('welcome').textContent = format(t.signIn.welcome, { name: me.name });
  const { items: proposals } = await api('/me/proposals?limit=100');
  fillList(
    'proposals',
    proposals.map((proposal) => ({ ...proposal, stateLabel: t.labels.proposalState[proposal.state] })),
    (proposal) => ({ href: pageUrl(`/proposals/${proposal.id}`), textContent: proposal.title }),
  );
  // A reviewer's way back to their invitations and reviews; a reviewer who is not also a researcher has no proposals.
  const reviewer = me.roles.includes('REVIEWER');
  show(field('proposals-section'), !reviewer || me.roles.includes('RESEARCHER') || proposals.length > 0);
  if (reviewer) {
    const { items: assignments } = await api('/me/review-assignments?limit=100');
    fillList(
      'reviews',
      assignments.map((assignment) => ({ ...assignment, stateLabel: t.labels.assignmentState[assignment.state] })),
      ({ id, proposal }) => ({ href: pageUrl(`/review-assignments/${id}`), textContent: proposal.title }),
    );
  }
  show(field('reviews-section'), reviewer);
  show(document.getElementById('welcome'));
  setStatus(null);
});
