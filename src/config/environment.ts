import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export enum NodeEnvironment {
  Development = 'development',
  Test = 'test',
  Production = 'production',
}

/** Shipped in .env.example for local use; refused in production. */
export const DEVELOPMENT_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
/** Shipped in .env.example for local use; refused in production. */
export const DEVELOPMENT_WEBHOOK_SECRETS_KEY = 'dev-only-webhook-key-change-me-0123456789abcdef';

const PORT_MESSAGE = 'must be an integer port number (0-65535)';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable the two processes read. Defaults point at localhost so that a newcomer's
 * `npm run demo` needs no .env at all; production refuses the development secret.
 */
export class Environment {
  @IsEnum(NodeEnvironment, { message: 'must be one of development, test, production' })
  NODE_ENV: NodeEnvironment = NodeEnvironment.Development;

  @Transform(toInt)
  @IsInt({ message: PORT_MESSAGE })
  @Min(0, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/joint_calls' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/joint_calls';

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Namespaces every Redis key, so that several deployments (or test files) can share one Redis. */
  @Matches(/^[A-Za-z0-9:_-]{1,40}$/, { message: 'must be 1-40 letters, digits, colons, dashes or underscores' })
  REDIS_PREFIX = 'jc';

  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Joint Calls <no-reply@joint-calls.localhost>';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (use `openssl rand -base64 48`)' })
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  /** Access token lifetime in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  /** Refresh token lifetime in days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  JWT_REFRESH_TTL_DAYS = 14;

  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'must be an absolute http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Which proxies' X-Forwarded-For is believed for the client's address (rate limits count by it): addresses or
   * CIDR ranges (proxy-addr's `loopback`, `linklocal`, `uniquelocal` included), or `false`. Believing every hop
   * (`true`) would let any client name its own address and walk past the rate limits, so it is not offered.
   */
  @Matches(/^(false|[A-Za-z0-9.:/]+(\s*,\s*[A-Za-z0-9.:/]+)*)$/, {
    message: 'must be false, or comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal',
  })
  TRUST_PROXY = 'loopback,linklocal,uniquelocal';

  /** Comma-separated origins allowed by CORS; empty disables cross-origin requests. */
  @IsString()
  CORS_ORIGINS = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsEmail({}, { message: 'must be an e-mail address' })
  ADMIN_EMAIL = 'admin@joint-calls.localhost';

  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD = 'admin-password-local';

  /** Login attempts allowed per client address and e-mail within LOGIN_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS = 60;

  /**
   * Registrations and password-reset requests per client address per hour, whatever the e-mail: one address cannot
   * try thousands of e-mails (enumeration) or open thousands of accounts.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ACCOUNT_RATE_LIMIT = 30;

  /** Password-reset e-mails per account per hour, from any address: nobody can flood a person's mailbox. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RESET_RATE_LIMIT = 5;

  /** Delivery attempts per e-mail before it is marked FAILED; retries back off exponentially. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_MAX_ATTEMPTS = 8;

  /** First retry delay in milliseconds; each further retry waits twice as long. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  MAIL_RETRY_BASE_MS = 2000;

  /**
   * How long a worker holds an e-mail it is sending before another may take it over (it died mid-send), in seconds.
   * Longer than the slowest mail server takes to accept one message.
   */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  MAIL_CLAIM_LEASE_SECONDS = 120;

  /**
   * E-mails one worker sends at once (and its SMTP pool size). 20 by measurement (bench:mail, 2 workers): the claims
   * and marks of more jobs share a statement, and a worker's CPU per e-mail fell by a third from 10; 40 bought no more.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_CONCURRENCY = 20;

  /** How often the worker sweeps for due reminders and unrelayed e-mails, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SWEEP_INTERVAL_MS = 5000;

  /** Encrypts the webhook signing secrets at rest (AES-256-GCM with a key derived from it); at least 32 characters. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (use `openssl rand -base64 48`)' })
  WEBHOOK_SECRETS_KEY = DEVELOPMENT_WEBHOOK_SECRETS_KEY;

  /** How long the worker waits for an agency's endpoint to answer, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Attempts per delivery before it is marked FAILED; retries back off exponentially. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 12;

  /** First retry delay in milliseconds; each further retry waits twice as long, at most 6 hours. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_BASE_MS = 10_000;

  /** Failed attempts in a row after which an endpoint is disabled and its agency's officer told. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_FAILURES = 50;

  /** Deliveries one worker has in flight at once, across endpoints. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  WEBHOOK_CONCURRENCY = 20;

  /** Deliveries in flight per endpoint; 1 delivers each endpoint's events in the order they happened. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_ENDPOINT_CONCURRENCY = 1;

  /** Where attachments live: PostgreSQL large objects by default; S3 needs the S3_* variables. */
  @IsIn(['postgres', 's3'])
  ATTACHMENT_STORAGE: 'postgres' | 's3' = 'postgres';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  S3_BUCKET?: string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Validates the raw environment; throws a ConfigurationError naming each bad variable and why. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const problems = validateSync(env, { skipMissingProperties: false, stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property} ${message.replace(new RegExp(`^${error.property} `), '')}`),
  );
  if (env.NODE_ENV === NodeEnvironment.Production) {
    if (env.JWT_SECRET === DEVELOPMENT_JWT_SECRET) problems.push('JWT_SECRET must be set to a secret of your own in production');
    if (env.WEBHOOK_SECRETS_KEY === DEVELOPMENT_WEBHOOK_SECRETS_KEY)
      problems.push('WEBHOOK_SECRETS_KEY must be set to a key of your own in production');
    if (env.ADMIN_PASSWORD === new Environment().ADMIN_PASSWORD)
      problems.push('ADMIN_PASSWORD must be set to a password of your own in production');
  }
  if (env.TRUST_PROXY === 'true') problems.push("TRUST_PROXY=true would believe any client's X-Forwarded-For; name your proxies instead");
  // Said plainly rather than silently storing in PostgreSQL: the S3 store is designed for but not built yet.
  if (env.ATTACHMENT_STORAGE === 's3') problems.push('ATTACHMENT_STORAGE=s3 is not available yet; use postgres');
  if (problems.length > 0) throw new ConfigurationError(problems);
  return env;
}

/** For entry points: validate once and stop the process with one clear line per problem. */
export function loadEnvironmentOrExit(raw: Record<string, unknown> = process.env): Environment {
  try {
    return validateEnvironment(raw);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
    process.exit(1);
  }
}

/** TRUST_PROXY as Fastify takes it. */
export const trustedProxies = (value: string): string | false => (value === 'false' || value === 'true' ? false : value);
