// A proposal as its team and the officers read it: shown by the proposal page and by the invitation page once joined.
import { api, attachmentKind, download, el, field, fileSize, fillTimes, format, messageOf, money, pageUrl, show, t } from './common.js';

/** The proposal's call and both agencies, which the proposal view names by id only. */
export async function withCall(proposal) {
  const call = await api(`/calls/${proposal.callId}`);
  const [home, partner] = await Promise.all([api(`/agencies/${call.homeAgencyId}`), api(`/agencies/${call.partnerAgencyId}`)]);
  return { proposal, call, home, partner };
}

function teamRow(member) {
  const pi = member.role === 'PI';
  const status = pi
    ? el('span', {
        className: member.confirmedAt ? '' : 'pending',
        textContent: member.confirmedAt ? t.proposal.confirmed : t.proposal.awaiting,
      })
    : '—';
  return el(
    'tr',
    {},
    el('td', {}, member.name),
    el('td', {}, `${t.labels.teamRole[member.role]} · ${t.labels.side[member.side]}`),
    el('td', {}, member.institution),
    el('td', {}, member.country),
    el('td', {}, status),
  );
}

function attachmentRow(attachment) {
  const button = el('button', {
    type: 'button',
    className: 'button small',
    textContent: t.proposal.download,
  });
  button.setAttribute('aria-label', format(t.proposal.downloadLabel, { file: attachment.filename }));
  button.addEventListener('click', () => {
    download(`/proposals/${attachment.proposalId}/attachments/${attachment.id}`, attachment.filename).catch((error) => {
      button.after(el('span', { className: 'pending', textContent: ` ${messageOf(error)}` }));
    });
  });
  return el(
    'tr',
    {},
    el('td', {}, attachment.filename),
    el('td', {}, attachmentKind(attachment.kind)),
    el('td', {}, fileSize(attachment.size)),
    el('td', {}, button),
  );
}

/** Fills the page's proposal summary (templates/partials/proposal-summary.hbs) and shows `container`. */
export function renderProposal(container, { proposal, call, home, partner }) {
  const zones = [call.timezone, partner.timezone];
  field('title').textContent = proposal.acronym ? `${proposal.acronym}: ${proposal.title}` : proposal.title;
  document.title = `${proposal.title} · ${t.site.name}`;

  const callLink = field('call', container);
  callLink.href = pageUrl(`/calls/${call.id}`);
  callLink.textContent = call.title;
  field('acronym', container).textContent = proposal.acronym ?? '—';
  field('state', container).textContent = t.labels.proposalState[proposal.state];
  fillTimes(field('deadline', container), call.closesAt, zones);
  if (proposal.submittedAt) fillTimes(field('submitted', container), proposal.submittedAt, zones);
  else field('submitted', container).replaceChildren(el('li', { textContent: t.proposal.notSubmitted }));
  field('duration', container).textContent = proposal.durationMonths ? format(t.call.months, { count: proposal.durationMonths }) : '—';
  field('budgets', container).replaceChildren(
    ...[
      [proposal.homeBudget, home],
      [proposal.partnerBudget, partner],
    ]
      .filter(([budget]) => budget)
      .map(([budget, agency]) => el('li', { textContent: `${money(budget)} ${format(t.proposal.from, { agency: agency.name })}` })),
  );

  field('team', container).replaceChildren(...proposal.team.map(teamRow));
  const attachments = proposal.attachments.map((attachment) => ({ ...attachment, proposalId: proposal.id }));
  field('attachments', container).replaceChildren(...attachments.map(attachmentRow));
  show(field('attachments-table', container), attachments.length > 0);
  show(field('no-attachments', container), attachments.length === 0);
  field('abstract', container).textContent = proposal.abstract;
  show(container);
}
