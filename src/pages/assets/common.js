// What every page shares: its texts, the session, the JSON API and small DOM helpers. Text only ever goes into the DOM
// as text (textContent, append), never as HTML: the pages' Content-Security-Policy requires Trusted Types for that.

import { formatDateTime } from './datetime.js';

const SESSION_KEY = 'joint-calls.access-token';
const EXPIRED_KEY = 'joint-calls.session-expired';

export const lang = document.documentElement.lang;
/** The page's texts in its language, from the JSON block the server rendered into the page. */
export const t = JSON.parse(document.getElementById('messages').textContent);
/** The page's route parameters (ids), e.g. `data.proposalId`. */
export const data = JSON.parse(document.body.dataset.params);

export const $ = (selector, root = document) => root.querySelector(selector);
export const field = (name, root = document) => root.querySelector(`[data-field="${name}"]`);

export function show(element, visible = true) {
  if (element) element.hidden = !visible;
}

/** A new element with properties (`textContent`, `href`, `className`...) and children (nodes or text). */
export function el(tag, properties = {}, ...children) {
  const element = Object.assign(document.createElement(tag), properties);
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** `{name}` in a text replaced by its value. */
export const format = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));

/** A link to another page, in this page's language. */
export const pageUrl = (path) => `${path}?lang=${encodeURIComponent(lang)}`;

/** The access token lives in this tab only (sessionStorage) and is never refreshed: a page visit is short. */
export const session = {
  get token() {
    return sessionStorage.getItem(SESSION_KEY);
  },
  save(token) {
    sessionStorage.setItem(SESSION_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
};

/** An answer of the API that is not a success, with its problem details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
    this.errors = problem?.errors ?? [];
  }
}

/** A refusal the page words itself, shown as it is. */
export class Refusal extends Error {}

/** The page needs a session that this tab does not have (any more). */
export class SignInNeeded extends Error {}

async function request(path, { method = 'GET', body, auth = true } = {}) {
  const headers = { accept: 'application/json, application/problem+json' };
  // A FormData body (a file upload) sets its own multipart content type and boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (auth) {
    if (!session.token) throw new SignInNeeded();
    headers.authorization = `Bearer ${session.token}`;
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined || form ? body : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK' });
  }
  if (response.status === 401 && auth) {
    session.clear();
    sessionStorage.setItem(EXPIRED_KEY, '1');
    throw new SignInNeeded();
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => undefined));
  return response;
}

/** Calls the JSON API under /api/v1, with this tab's access token unless `auth` is false. */
export async function api(path, options) {
  const text = await (await request(path, options)).text();
  return text === '' ? undefined : JSON.parse(text);
}

/** Downloads a file of the API (which needs the access token, so a plain link cannot) under its own name. */
export async function download(path, filename) {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The token of an e-mailed link. It travels in the fragment (`#token=`), which no browser sends to a server; older links
 * had `?token=`. Either way it is kept for this tab only and taken out of the address bar and the history at once.
 */
export function linkToken(key) {
  const storageKey = `joint-calls.link-token.${key}`;
  const url = new URL(location.href);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') || url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem(storageKey, token);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search);
  }
  return {
    value: sessionStorage.getItem(storageKey),
    forget: () => sessionStorage.removeItem(storageKey),
  };
}

/** The text to show for a failure. */
export function messageOf(error) {
  if (error instanceof Refusal) return error.message;
  if (error instanceof ApiError && error.status === 0) return t.errors.network;
  if (error instanceof ApiError && error.status === 429) return t.auth.tooMany;
  if (error instanceof ApiError && t.errors.byCode[error.code]) return t.errors.byCode[error.code];
  const details =
    error instanceof ApiError && error.errors.length > 0 ? error.errors.map((problem) => problem.message).join('; ') : error.message;
  return format(t.errors.generic, { detail: details });
}

export function setStatus(text) {
  const status = $('#status');
  if (!status) return;
  status.textContent = text ?? '';
  show(status, Boolean(text));
}

export function showError(text) {
  setStatus(null);
  const box = $('#error');
  box.textContent = text;
  show(box);
}

/**
 * Handles a form's submission with `action(fields)`; a failure is shown in the form, in the words of `messages` (by
 * problem code) when it has some. The browser checks the fields (required, type, length) before.
 */
export function onSubmit(form, action, messages = {}) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = form.querySelector('[data-form-error]');
    const button = form.querySelector('button[type="submit"]');
    show(box, false);
    button.disabled = true;
    try {
      await action(form.elements);
    } catch (error) {
      if (error instanceof SignInNeeded) return location.reload();
      box.textContent = (error instanceof ApiError && messages[error.code]) || messageOf(error);
      show(box);
    } finally {
      button.disabled = false;
    }
  });
}

function showSession(me) {
  $('#session-name').textContent = format(t.site.signedInAs, { name: me.name });
  show($('#session'));
}

// A link with a token opened over the same page only changes the fragment: load the page again to take the token.
addEventListener('hashchange', () => {
  if (new URLSearchParams(location.hash.slice(1)).has('token')) location.reload();
});

$('#sign-out').addEventListener('click', () => {
  session.clear();
  location.reload();
});

/**
 * The signed-in user: at once when this tab has a session, otherwise once the person has signed in (or registered,
 * where the page offers it) through the page's forms. A page opened from an invitation passes it: registering with the
 * address it was sent to proves that address, so the account is ready at once; otherwise the person confirms the
 * address through the e-mailed link first, then signs in here.
 */
export async function signedIn({ invitation } = {}) {
  if (session.token) {
    try {
      const me = await api('/me');
      showSession(me);
      return me;
    } catch (error) {
      if (!(error instanceof SignInNeeded)) throw error;
    }
  }
  setStatus(null);
  const panels = [$('#sign-in'), $('#register')].filter(Boolean);
  panels.forEach((panel) => show(panel));
  if (sessionStorage.getItem(EXPIRED_KEY)) {
    sessionStorage.removeItem(EXPIRED_KEY);
    const box = $('#sign-in-form [data-form-error]');
    box.textContent = t.auth.sessionExpired;
    show(box);
  }
  return new Promise((resolve) => {
    const enter = async (accessToken) => {
      session.save(accessToken);
      const me = await api('/me');
      panels.forEach((panel) => show(panel, false));
      showSession(me);
      resolve(me);
    };
    const start = async (email, password) => {
      try {
        const { accessToken } = await api('/auth/login', { method: 'POST', auth: false, body: { email, password } });
        await enter(accessToken);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'EMAIL_NOT_VERIFIED')) throw error;
        // Only the right password gets this answer: send a new link, the old one may be lost or expired.
        await api('/auth/verify-email/resend', { method: 'POST', auth: false, body: { email } }).catch(() => undefined);
        throw new Refusal(t.auth.notVerified);
      }
    };
    onSubmit($('#sign-in-form'), (fields) => start(fields.email.value, fields.password.value), {
      INVALID_CREDENTIALS: t.auth.invalidCredentials,
    });
    const register = $('#register-form');
    if (register) {
      onSubmit(
        register,
        async (fields) => {
          const account = { name: fields.name.value, email: fields.email.value, password: fields.password.value, language: lang };
          const answer = await api('/auth/register', {
            method: 'POST',
            auth: false,
            body: invitation ? { ...account, invitation } : account,
          });
          if (answer.accessToken) return enter(answer.accessToken);
          show(register, false);
          const sent = $('#register-sent');
          sent.textContent = format(t.auth.registerSent, { email: answer.email });
          show(sent);
        },
        { EMAIL_TAKEN: t.auth.emailTaken },
      );
    }
  });
}

/** Runs a page's script: a lost session brings the sign-in form back; any other failure is shown. */
export function run(main) {
  main().catch((error) => {
    if (error instanceof SignInNeeded) {
      location.reload();
      return;
    }
    showError(messageOf(error));
  });
}

const NBSP = '\u00a0';

/** Fills a list with an instant, once per zone (duplicates shown once). */
export function fillTimes(list, iso, zones) {
  list.replaceChildren(...[...new Set(zones)].map((zone) => el('li', { textContent: formatDateTime(iso, zone, lang) })));
}

/** An attachment kind as people call it, or as the call names it when it is not one of the usual ones. */
export const attachmentKind = (kind) => t.labels.attachmentKind[kind] ?? kind;

/** A decimal amount as the API gives it (a string, never a float), grouped by thousands, with its currency. */
export function money({ amount, currency }) {
  const [whole, cents] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents ? `.${cents}` : ''}${NBSP}${currency}`;
}

export function fileSize(bytes) {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 / 1024, 'megabyte'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
