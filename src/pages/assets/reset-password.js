import { $, api, linkToken, onSubmit, Refusal, session, show, t } from './common.js';

const token = linkToken('reset-password');

function askForALink({ invalid }) {
  show($('#choose'), false);
  show($('#invalid'), invalid);
  show($('#request'));
}

onSubmit($('#choose-form'), async (fields) => {
  if (fields.password.value !== fields.repeat.value) throw new Refusal(t.resetPassword.mismatch);
  try {
    await api('/auth/password-reset/confirm', {
      method: 'POST',
      auth: false,
      body: { token: token.value, password: fields.password.value },
    });
  } catch (error) {
    if (error.code !== 'RESET_TOKEN_INVALID') throw error;
    token.forget();
    return askForALink({ invalid: true });
  }
  token.forget();
  // Every session of the account was just signed out; this tab's too.
  session.clear();
  show($('#choose'), false);
  show($('#done'));
});

onSubmit($('#request-form'), async (fields) => {
  await api('/auth/password-reset', { method: 'POST', auth: false, body: { email: fields.email.value } });
  show($('#request-form'), false);
  show($('#sent'));
});

if (token.value) show($('#choose'));
else askForALink({ invalid: false });
