import { $, api, ApiError, data, linkToken, messageOf, run, setStatus, show, showError, signedIn, SignInNeeded, t } from './common.js';
import { renderProposal, withCall } from './proposal-summary.js';

const token = linkToken(`invitation.${data.proposalId}`);

/** What the page says when the API refuses the confirmation, by problem code. */
const REFUSALS = {
  ALREADY_PI: t.invitation.alreadyPi,
  ROLE_REQUIRED: t.invitation.researchersOnly,
  PROPOSAL_FROZEN: t.invitation.frozen,
  PROPOSAL_TRANSITION_FORBIDDEN: t.invitation.frozen,
};

function showInvalid() {
  token.forget();
  setStatus(null);
  [$('#intro'), $('#confirm')].forEach((element) => show(element, false));
  show($('#invalid'));
}

async function confirm(button) {
  button.disabled = true;
  show($('#error'), false);
  try {
    const proposal = await api(`/proposals/${data.proposalId}/confirm`, { method: 'POST', body: { token: token.value } });
    token.forget();
    [$('#intro'), $('#confirm')].forEach((element) => show(element, false));
    renderProposal($('#proposal'), await withCall(proposal));
  } catch (error) {
    // run() brings the sign-in form back; the token stays for after.
    if (error instanceof SignInNeeded) throw error;
    if (error instanceof ApiError && error.code === 'INVITATION_INVALID') return showInvalid();
    showError((error instanceof ApiError && REFUSALS[error.code]) || messageOf(error));
  } finally {
    button.disabled = false;
  }
}

run(async () => {
  // Without a token there is nothing to confirm: say so before asking anyone to sign in.
  if (!token.value) return showInvalid();
  show($('#intro'));
  await signedIn({ invitation: { proposalId: data.proposalId, token: token.value } });
  setStatus(null);
  const button = $('#confirm-button');
  button.addEventListener('click', () => run(() => confirm(button)));
  show($('#confirm'));
});
