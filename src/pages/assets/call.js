import {
  $,
  api,
  attachmentKind,
  ApiError,
  data,
  el,
  field,
  fillTimes,
  format,
  lang,
  money,
  pageUrl,
  run,
  setStatus,
  show,
  showError,
  signedIn,
  t,
} from './common.js';

run(async () => {
  await signedIn();
  setStatus(t.site.loading);
  let call;
  try {
    call = await api(`/calls/${data.callId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return showError(t.call.notFound);
    throw error;
  }
  const [home, partner, proposals] = await Promise.all([
    api(`/agencies/${call.homeAgencyId}`),
    api(`/agencies/${call.partnerAgencyId}`),
    api(`/calls/${call.id}/proposals?limit=100`),
  ]);
  const zones = [call.timezone, partner.timezone];

  field('title').textContent = call.title;
  document.title = `${call.title} · ${t.site.name}`;
  field('state').textContent = t.labels.callState[call.state];
  field('instrument').textContent = t.labels.instrument[call.instrument];
  field('agencies').textContent = `${home.name} · ${partner.name}`;
  fillTimes(field('opens'), call.opensAt, zones);
  fillTimes(field('closes'), call.closesAt, zones);
  field('duration').textContent = format(t.call.months, { count: call.durationLimitMonths });
  field('budgets').replaceChildren(
    el('li', { textContent: `${money(call.budgets.home.maxPerProposal)} (${home.code})` }),
    el('li', { textContent: `${money(call.budgets.partner.maxPerProposal)} (${partner.code})` }),
  );
  field('attachments').textContent = call.requiredAttachmentKinds.map(attachmentKind).join(lang === 'zh-TW' ? '、' : ', ') || '—';
  field('fields').textContent = call.scientificFields.join(', ') || '—';
  field('description').textContent = call.description;
  field('proposals').replaceChildren(
    ...proposals.items.map((proposal) =>
      el(
        'li',
        {},
        el('a', { href: pageUrl(`/proposals/${proposal.id}`), textContent: proposal.title }),
        ` · ${t.labels.proposalState[proposal.state]}`,
      ),
    ),
  );
  show(field('no-proposals'), proposals.items.length === 0);
  show($('#call'));
  setStatus(null);
});
