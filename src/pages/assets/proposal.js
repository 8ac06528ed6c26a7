import { $, api, ApiError, data, run, setStatus, showError, signedIn, t } from './common.js';
import { renderProposal, withCall } from './proposal-summary.js';

run(async () => {
  await signedIn();
  setStatus(t.site.loading);
  let proposal;
  try {
    proposal = await api(`/proposals/${data.proposalId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return showError(t.proposal.notFound);
    throw error;
  }
  renderProposal($('#proposal'), await withCall(proposal));
  setStatus(null);
});
