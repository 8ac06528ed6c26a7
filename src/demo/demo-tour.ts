import { DEMO_REVIEWER, IN_REVIEW_CALL } from '../seed/demo-reviews.data';
import { OFFICER_NSTC, PI_CZECH, PI_TAIWAN } from '../seed/demo-calls.data';
import { callApi, signInAs } from './demo-api';

interface Item {
  id: string;
  title: string;
}
type Page = { items: Item[] };

/**
 * What the seed cannot do: e-mails with working links. Once the API is up, the demo acts as three people would
 * through the API, so that the mail catcher holds an e-mail of each kind a newcomer should follow: the invitation to
 * join a proposal (pi.czech), an invitation to review (the demo reviewer), a password reset. Each step is on its
 * own: one that finds nothing left to do (a later run) says so and the others go on.
 */
export async function mailTour(api: string): Promise<string[]> {
  const steps: [string, () => Promise<string>][] = [
    ['invitation to a proposal', () => invitePartner(api)],
    ['invitation to review', () => inviteReviewer(api)],
    ['password reset', () => resetPassword(api)],
  ];
  const lines: string[] = [];
  for (const [name, step] of steps) {
    try {
      lines.push(`${name}: ${await step()}`);
    } catch (error) {
      lines.push(`${name}: not sent (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return lines;
}

/** pi.taiwan (re)invites pi.czech, the partner PI who has not confirmed TOPOMAG yet. */
async function invitePartner(api: string): Promise<string> {
  const token = await signInAs(api, PI_TAIWAN);
  const { items } = (await callApi(api, '/api/v1/me/proposals?limit=100', { token })) as Page;
  const draft = items.find((proposal) => proposal.title.startsWith('Topological magnon transport'));
  if (!draft) throw new Error('the TOPOMAG draft is gone');
  await callApi(api, `/api/v1/proposals/${draft.id}/invitations`, {
    method: 'POST',
    token,
    body: JSON.stringify({ name: 'Jana Nováková', email: PI_CZECH, institution: 'Charles University', country: 'CZ' }),
  });
  return `${PI_CZECH}, to confirm “${draft.title}”`;
}

/** officer.nstc invites the demo reviewer to the first proposal of the call in review they may still review. */
async function inviteReviewer(api: string): Promise<string> {
  const token = await signInAs(api, OFFICER_NSTC);
  const calls = (await callApi(api, '/api/v1/calls?limit=100', { token })) as Page;
  const call = calls.items.find((candidate) => candidate.title === IN_REVIEW_CALL);
  if (!call) throw new Error('the call in review is gone');
  const { items: reviewers } = (await callApi(api, `/api/v1/reviewers?limit=100`, { token })) as { items: { id: string; email: string }[] };
  const reviewer = reviewers.find((candidate) => candidate.email === DEMO_REVIEWER);
  if (!reviewer) throw new Error('the demo reviewer is gone');
  const { items: proposals } = (await callApi(api, `/api/v1/calls/${call.id}/proposals?limit=100`, { token })) as Page;
  for (const proposal of proposals) {
    try {
      await callApi(api, `/api/v1/proposals/${proposal.id}/review-assignments`, {
        method: 'POST',
        token,
        body: JSON.stringify({ reviewerId: reviewer.id }),
      });
      return `${DEMO_REVIEWER}, to accept or decline “${proposal.title}”`;
    } catch {
      // Already assigned, in conflict, or not under review: the next one.
    }
  }
  throw new Error('the demo reviewer is already invited to every proposal they may review');
}

async function resetPassword(api: string): Promise<string> {
  await callApi(api, '/api/v1/auth/password-reset', { method: 'POST', body: JSON.stringify({ email: PI_CZECH }) });
  return `${PI_CZECH}, a link to choose a new password (their demo password works until then)`;
}
