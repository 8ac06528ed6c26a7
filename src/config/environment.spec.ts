import { ConfigurationError, DEVELOPMENT_JWT_SECRET, validateEnvironment } from './environment';

const problemsOf = (raw: Record<string, string>) => {
  try {
    validateEnvironment(raw);
    return [];
  } catch (error) {
    return (error as ConfigurationError).problems;
  }
};

describe(validateEnvironment.name, () => {
  it('runs on localhost defaults with nothing set', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joint_calls',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('reads numbers from strings', () => {
    expect(validateEnvironment({ PORT: '8080', JWT_ACCESS_TTL_SECONDS: '300' })).toMatchObject({ PORT: 8080, JWT_ACCESS_TTL_SECONDS: 300 });
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/db', /^DATABASE_URL must be a postgres:\/\/ URL/],
    ['REDIS_URL', 'localhost:6379', /^REDIS_URL must be a redis:\/\/ URL/],
    ['SMTP_URL', 'mail.example.org', /^SMTP_URL must be an smtp:\/\//],
    ['JWT_SECRET', 'short', /^JWT_SECRET must be at least 32 characters/],
    ['PORT', 'eighty', /^PORT must be an integer port number/],
    ['PUBLIC_URL', 'not a url', /^PUBLIC_URL must be an absolute http\(s\) URL/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL /],
    ['ADMIN_EMAIL', 'admin', /^ADMIN_EMAIL must be an e-mail address/],
  ])('names %s and says why it is refused', (variable, value, message) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('lists every bad variable at once', () => {
    expect(problemsOf({ DATABASE_URL: 'x', REDIS_URL: 'y' })).toHaveLength(2);
  });

  it('refuses the development secrets and admin password in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET must be set to a secret of your own in production',
      'WEBHOOK_SECRETS_KEY must be set to a key of your own in production',
      'ADMIN_PASSWORD must be set to a password of your own in production',
    ]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        JWT_SECRET: DEVELOPMENT_JWT_SECRET.replace('dev', 'prd'),
        WEBHOOK_SECRETS_KEY: 'a-webhook-key-of-our-own-0123456789abcdef',
        ADMIN_PASSWORD: 'a long secret pw',
      }),
    ).toEqual([]);
  });

  it('says plainly that the S3 attachment store is not available yet', () => {
    expect(problemsOf({ ATTACHMENT_STORAGE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'b' })).toEqual([
      'ATTACHMENT_STORAGE=s3 is not available yet; use postgres',
    ]);
  });

  it('believes X-Forwarded-For from named proxies only, never from every hop', () => {
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/8, loopback' })).toEqual([]);
    expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual([
      "TRUST_PROXY=true would believe any client's X-Forwarded-For; name your proxies instead",
    ]);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/8; rm -rf' })).toEqual([
      'TRUST_PROXY must be false, or comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal',
    ]);
  });
});
