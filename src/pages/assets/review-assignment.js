import {
  $,
  api,
  ApiError,
  data,
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

/** What the forms say when the API refuses the answer, by problem code. */
const REFUSALS = {
  REVIEW_INVITATION_ANSWERED: t.reviewAssignment.answered,
  REVIEW_CALL_CLOSED_FOR_REVIEWS: t.reviewAssignment.closed,
  ROLE_REQUIRED: t.reviewAssignment.reviewersOnly,
  REVIEW_ASSIGNEE_REQUIRED: t.reviewAssignment.reviewersOnly,
};

/** Shows the assignment; the answer forms only while the invitation waits for one. */
function render(assignment) {
  const { proposal } = assignment;
  field('title').textContent = proposal.acronym ? `${proposal.acronym}: ${proposal.title}` : proposal.title;
  field('call').textContent = proposal.callTitle;
  fillTimes(field('due'), assignment.dueAt, [proposal.callTimezone, Intl.DateTimeFormat().resolvedOptions().timeZone]);
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
    return await api(`/review-assignments/${data.assignmentId}`);
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
  setStatus(null);
  const answer = (action, body) => api(`/review-assignments/${data.assignmentId}/${action}`, { method: 'POST', body }).then(render);
  onSubmit($('#accept-form'), () => accept(answer, assignment), REFUSALS);
  onSubmit($('#decline-form'), (fields) => answer('decline', { reason: fields.reason.value, version: assignment.version }), REFUSALS);
});
