import {
  api,
  ApiError,
  data,
  download,
  el,
  field,
  fileSize,
  format,
  lang,
  messageOf,
  money,
  pageUrl,
  run,
  setStatus,
  show,
  showError,
  signedIn,
  t,
} from './common.js';
import { formatDateTime } from './datetime.js';

/**
 * An awarded project: both agencies' amounts, its dates and its reports. Its principal investigators upload a report
 * (a PDF) when one is awaited; each agency's officers accept it or ask for a revision with a comment.
 */
run(async () => {
  const me = await signedIn();
  setStatus(t.site.loading);
  let award;
  try {
    award = await api(`/awards/${data.awardId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return showError(t.award.notFound);
    throw error;
  }
  const officer = me.roles.includes('OFFICER') && [award.homeAgencyId, award.partnerAgencyId].includes(me.agencyId);
  const agencies = new Map(
    (await Promise.all([award.homeAgencyId, award.partnerAgencyId].map((id) => api(`/agencies/${id}`)))).map((agency) => [
      agency.id,
      agency,
    ]),
  );
  const when = (iso) => formatDateTime(iso, award.timezone, lang);

  const act = async (action, done) => {
    show(field('action-error'), false);
    show(field('done'), false);
    try {
      await action();
      award = await api(`/awards/${award.id}`);
      render();
      // Said once the page shows the new state, so that what it says and what it shows agree.
      field('done').textContent = done;
      show(field('done'));
    } catch (error) {
      field('action-error').textContent = messageOf(error);
      show(field('action-error'));
    }
  };

  const uploadForm = (report) => {
    const id = `file-${report.id}`;
    const input = el('input', { type: 'file', id, name: 'file', accept: 'application/pdf', required: true });
    const form = el(
      'form',
      { className: 'form' },
      el('div', { className: 'field' }, el('label', { htmlFor: id, textContent: t.award.uploadLabel }), input),
      el('div', { className: 'actions' }, el('button', { type: 'submit', className: 'button', textContent: t.award.upload })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = new FormData();
      body.append('file', input.files[0]);
      act(() => api(`/awards/${award.id}/reports?kind=${report.kind}`, { method: 'POST', body }), t.award.uploaded);
    });
    return form;
  };

  const verdictForm = (report) => {
    const id = `comment-${report.id}`;
    const comment = el('input', { type: 'text', id, name: 'comment', maxLength: 4000 });
    const accept = el('button', { type: 'button', className: 'button', textContent: t.award.accept });
    const revise = el('button', { type: 'button', className: 'button secondary', textContent: t.award.requestRevision });
    accept.addEventListener('click', () =>
      act(
        () => api(`/reports/${report.id}/accept`, { method: 'POST', body: { comment: comment.value, version: report.version } }),
        t.award.accepted,
      ),
    );
    revise.addEventListener('click', () => {
      if (comment.value.trim().length < 3) {
        field('action-error').textContent = t.award.commentNeeded;
        return show(field('action-error'));
      }
      act(
        () => api(`/reports/${report.id}/request-revision`, { method: 'POST', body: { comment: comment.value, version: report.version } }),
        t.award.revisionRequested,
      );
    });
    return el(
      'div',
      { className: 'form' },
      el('div', { className: 'field' }, el('label', { htmlFor: id, textContent: t.award.comment }), comment),
      el('div', { className: 'actions' }, accept, revise),
    );
  };

  const section = (report) => {
    const file = report.file
      ? el('button', {
          type: 'button',
          className: 'button small',
          textContent: `${t.award.download} ${report.file.filename} (${fileSize(report.file.size)})`,
        })
      : el('span', { textContent: t.award.noFile });
    if (report.file) file.addEventListener('click', () => download(report.file.href.replace(/^\/api\/v1/, ''), report.file.filename));
    const verdicts = report.verdicts.length
      ? el(
          'ul',
          {},
          ...report.verdicts.map((verdict) =>
            el('li', {
              textContent: `${format(t.award.submission, { number: verdict.submission })} · ${agencies.get(verdict.agencyId)?.name ?? ''} ${t.labels.reportVerdict[verdict.verdict]}${verdict.comment ? `: ${verdict.comment}` : ''}`,
            }),
          ),
        )
      : el('p', { textContent: t.award.noVerdicts });
    const awaited = ['DUE', 'REVISION_REQUESTED'].includes(report.state);
    const judged = report.verdicts.some((verdict) => verdict.submission === report.submission && verdict.agencyId === me.agencyId);
    return el(
      'section',
      { className: 'panel' },
      el('h3', { textContent: report.kind === 'INTERIM' ? t.award.interim : t.award.final }),
      el(
        'dl',
        { className: 'facts' },
        el(
          'div',
          {},
          el('dt', { textContent: t.award.due }),
          el('dd', { textContent: `${when(report.dueAt)}${report.overdue ? ` (${t.award.overdue})` : ''}` }),
        ),
        el(
          'div',
          {},
          el('dt', { textContent: t.award.state }),
          el('dd', {}, el('span', { className: 'badge', textContent: t.labels.reportState[report.state] })),
        ),
        el('div', {}, el('dt', { textContent: t.award.file }), el('dd', {}, file)),
      ),
      el('h4', { textContent: t.award.verdicts }),
      verdicts,
      awaited && !officer ? uploadForm(report) : null,
      report.state === 'SUBMITTED' && officer && !judged ? verdictForm(report) : null,
    );
  };

  const render = () => {
    field('title').textContent = award.proposal.acronym ? `${award.proposal.acronym}: ${award.proposal.title}` : award.proposal.title;
    document.title = `${award.proposal.title} · ${t.site.name}`;
    const call = field('call');
    call.href = pageUrl(`/calls/${award.callId}`);
    call.textContent = award.callTitle;
    field('period').textContent = format(t.award.periodValue, { start: when(award.startsAt), end: when(award.endsAt) });
    field('amounts').replaceChildren(
      el('li', { textContent: money(award.amounts.home) }),
      el('li', { textContent: money(award.amounts.partner) }),
    );
    field('reports').replaceChildren(...award.reports.map(section));
  };

  render();
  show(document.getElementById('award'));
  setStatus(null);
});
