/** Query parameters whose value is a secret: `token`, `resetToken`, `access_token`... */
const SECRET_PARAMETER = /token$/i;

export const REDACTED = '[REDACTED]';

/**
 * The request target with the value of every token-like query parameter replaced, for the request log. Links in
 * e-mails carry their tokens in the fragment, which no browser sends; older links had `?token=`, and a log must
 * not keep a working token whatever a client sends.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      const name = separator < 0 ? pair : pair.slice(0, separator);
      return SECRET_PARAMETER.test(safelyDecoded(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

function safelyDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A parsed query string with the value of every token-like parameter replaced, for the request log. */
export function redactQuery(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, SECRET_PARAMETER.test(name) ? REDACTED : value]));
}
