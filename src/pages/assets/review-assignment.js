import {
  $,
  api,
  ApiError,
  data,
  el,
  field,
  fillTimes,
  format,
  onSubmit,
  pageUrl,
  Refusal,
  run,
  setStatus,
  show,
  showError,
  signedIn,
  t,
} from './common.js';
import { formatDateTime } from './datetime.js';

/** What the forms say when the API refuses the answer, by problem code. */
const REFUSALS = {
  REVIEW_INVITATION_ANSWERED: t.reviewAssignment.answered,
  REVIEW_CALL_CLOSED_FOR_REVIEWS: t.reviewAssignment.closed,
  ROLE_REQUIRED: t.reviewAssignment.reviewersOnly,
  REVIEW_ASSIGNEE_REQUIRED: t.reviewAssignment.reviewersOnly,
  REVIEW_ALREADY_SUBMITTED: t.review.alreadySubmitted,
  STALE_VERSION: t.review.stale,
};

const here = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const url = (suffix = '') => `/review-assignments/${data.assignmentId}${suffix}`;

/** The review form's fields: one score per criterion of the call, from 1 to its scale; blank until given. */
function renderCriteria(criteria) {
  $('#criteria').replaceChildren(
    ...criteria.map(({ key, label, weight, scaleMax }) => {
      const id = `score-${key}`;
      const choices = Array.from({ length: scaleMax }, (_, i) => el('option', { value: String(i + 1), textContent: String(i + 1) }));
      return el(
        'div',
        { className: 'field' },
        el('label', { htmlFor: id, textContent: format(t.review.criterion, { label, scaleMax, weight }) }),
        el('select', { id, name: id }, el('option', { value: '', textContent: t.review.noScore }), ...choices),
      );
    }),
  );
}

function fillReview(review, criteria) {
  const form = $('#review-form');
  for (const { key } of criteria) form.elements[`score-${key}`].value = review.scores[key] === undefined ? '' : String(review.scores[key]);
  form.elements.recommendation.value = review.recommendation ?? '';
  form.elements.commentsToApplicants.value = review.commentsToApplicants;
  form.elements.confidentialComments.value = review.confidentialComments;
  const submitted = review.submittedAt !== null;
  for (const control of form.elements) control.disabled = submitted;
  show(form.querySelector('.actions'), !submitted);
  show($('#submit-review-form'), !submitted);
  show($('#review-intro'), !submitted);
  const done = $('#review-submitted');
  done.textContent = submitted
    ? format(t.review.submittedOn, { when: formatDateTime(review.submittedAt, here(), document.documentElement.lang), total: review.total })
    : '';
  show(done, submitted);
}

/** The whole draft as the form holds it: a blank score or recommendation is left out, as the API expects. */
function draftOf(form, criteria, version) {
  const scores = {};
  for (const { key } of criteria) {
    const value = form.elements[`score-${key}`].value;
    if (value !== '') scores[key] = Number(value);
  }
  return {
    version,
    scores,
    recommendation: form.elements.recommendation.value || null,
    commentsToApplicants: form.elements.commentsToApplicants.value,
    confidentialComments: form.elements.confidentialComments.value,
  };
}

/** The review, once the invitation is accepted: a draft to write and submit, or the submitted one to read. */
async function showReview() {
  let review = await api(url('/review'));
  renderCriteria(review.criteria);
  fillReview(review, review.criteria);
  show($('#review'));
  const form = $('#review-form');
  const save = async () => {
    review = await api(url('/review'), { method: 'PUT', body: draftOf(form, review.criteria, review.version) });
    return review;
  };
  onSubmit(
    form,
    async () => {
      await save();
      const saved = $('#review-saved');
      saved.textContent = format(t.review.saved, { when: formatDateTime(review.updatedAt, here(), document.documentElement.lang) });
      show(saved);
    },
    REFUSALS,
  );
  onSubmit(
    $('#submit-review-form'),
    async () => {
      await save();
      review = await api(url('/submit'), { method: 'POST', body: { version: review.version } });
      show($('#review-saved'), false);
      fillReview(review, review.criteria);
      render(await api(url()));
    },
    REFUSALS,
  );
}

/** Shows the assignment; the answer forms only while the invitation waits for one. */
function render(assignment) {
  const { proposal } = assignment;
  field('title').textContent = proposal.acronym ? `${proposal.acronym}: ${proposal.title}` : proposal.title;
  field('call').textContent = proposal.callTitle;
  fillTimes(field('due'), assignment.dueAt, [proposal.callTimezone, here()]);
  field('state').textContent = t.labels.assignmentState[assignment.state];
  const link = field('proposal-link');
  link.href = pageUrl(`/proposals/${proposal.id}`);
  show(link.parentElement, ['INVITED', 'ACCEPTED', 'SUBMITTED'].includes(assignment.state));
  show($('#answer'), assignment.state === 'INVITED');
  show($('#accepted'), assignment.state === 'ACCEPTED');
  show($('#declined'), assignment.state === 'DECLINED');
  show($('#closed'), assignment.state === 'REMOVED');
  show($('#assignment'));
}

/** Accepts; a conflict of interest found meanwhile is named, with the way out: declining, giving it as the reason. */
async function accept(answer, assignment) {
  try {
    return await answer('accept', { declareNoConflict: true, version: assignment.version });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'REVIEW_CONFLICT_OF_INTEREST') throw error;
    throw new Refusal(format(t.reviewAssignment.conflicted, { reasons: error.errors.map((problem) => problem.message).join('; ') }));
  }
}

async function load() {
  try {
    return await api(url());
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

run(async () => {
  await signedIn();
  setStatus(t.site.loading);
  const assignment = await load();
  if (!assignment) return showError(t.reviewAssignment.notFound);
  render(assignment);
  if (['ACCEPTED', 'SUBMITTED'].includes(assignment.state)) await showReview();
  setStatus(null);
  const answer = async (action, body) => {
    const answered = await api(url(`/${action}`), { method: 'POST', body });
    render(answered);
    if (answered.state === 'ACCEPTED') await showReview();
  };
  onSubmit($('#accept-form'), () => accept(answer, assignment), REFUSALS);
  onSubmit($('#decline-form'), (fields) => answer('decline', { reason: fields.reason.value, version: assignment.version }), REFUSALS);
});
