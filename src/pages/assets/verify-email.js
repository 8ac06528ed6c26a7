import { $, api, ApiError, linkToken, onSubmit, run, session, setStatus, show, signedIn } from './common.js';

const token = linkToken('verify-email');

function askForALink({ invalid }) {
  setStatus(null);
  show($('#invalid'), invalid);
  show($('#request'));
}

async function done() {
  await signedIn();
  setStatus(null);
  show($('#done'));
}

onSubmit($('#request-form'), async (fields) => {
  await api('/auth/verify-email/resend', { method: 'POST', auth: false, body: { email: fields.email.value } });
  show($('#request-form'), false);
  show($('#sent'));
});

run(async () => {
  // Opened again after confirming (the token is used and gone): the tab is signed in already.
  if (!token.value) return session.token ? done() : askForALink({ invalid: false });
  try {
    const { accessToken } = await api('/auth/verify-email', { method: 'POST', auth: false, body: { token: token.value } });
    session.save(accessToken);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'VERIFICATION_TOKEN_INVALID')) throw error;
    token.forget();
    return askForALink({ invalid: true });
  }
  token.forget();
  await done();
});
