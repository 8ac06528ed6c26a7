import { REDACTED, redactQuery, redactUrl } from './redact-url';

describe(redactUrl.name, () => {
  it.each([
    ['/proposals/42/invitation?token=abc', `/proposals/42/invitation?token=${REDACTED}`],
    ['/reset-password?lang=zh-TW&token=abc&x=1', `/reset-password?lang=zh-TW&token=${REDACTED}&x=1`],
    ['/x?TOKEN=abc&access_token=def&refreshToken=ghi', `/x?TOKEN=${REDACTED}&access_token=${REDACTED}&refreshToken=${REDACTED}`],
    ['/x?%74oken=abc', `/x?%74oken=${REDACTED}`],
    ['/x?token', `/x?token=${REDACTED}`],
    ['/x?token=a&token=b', `/x?token=${REDACTED}&token=${REDACTED}`],
  ])('hides the token of %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it.each(['/proposals/42?lang=en', '/sign-in', '/x?tokens=1&mytokenx=2', '/x?%E0%A4%A=1', '/x?', '/x?&&'])('keeps %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});

describe(redactQuery.name, () => {
  it('hides every token-like parameter of a parsed query, and keeps the rest', () => {
    expect(redactQuery({ lang: 'en', token: 'a', access_token: 'b', refreshToken: ['c', 'd'] })).toEqual({
      lang: 'en',
      token: REDACTED,
      access_token: REDACTED,
      refreshToken: REDACTED,
    });
  });
});
