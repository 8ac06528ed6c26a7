import { publicOnlyLookup, resolvesToPublic, urlPolicyFor } from './webhook-url.guard';

const lookup = (hostname: string, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
    publicOnlyLookup(hostname, { all }, (error, address) => resolve({ error, address })),
  );

describe(publicOnlyLookup.name, () => {
  it('refuses to connect to a name that resolves to loopback, whatever was true at registration', async () => {
    for (const all of [true, false]) {
      const { error } = await lookup('localhost', all);
      expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/);
      expect(error?.code).toBe('EADDRNOTPUBLIC');
    }
  });

  it('refuses literal private and metadata addresses', async () => {
    expect((await lookup('10.0.0.7', false)).error?.code).toBe('EADDRNOTPUBLIC');
    expect((await lookup('169.254.169.254', true)).error?.code).toBe('EADDRNOTPUBLIC');
  });

  it('lets a public literal address through, in the shape the socket asked for', async () => {
    expect(await lookup('93.184.216.34', false)).toEqual({ error: null, address: '93.184.216.34' });
    expect(await lookup('93.184.216.34', true)).toEqual({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
  });
});

describe(resolvesToPublic.name, () => {
  it('is false for loopback names and unresolvable ones', async () => {
    expect(await resolvesToPublic('https://localhost/hook')).toBe(false);
    expect(await resolvesToPublic('https://no-such-host.invalid/hook')).toBe(false);
    expect(await resolvesToPublic('https://93.184.216.34/hook')).toBe(true);
  });
});

describe(urlPolicyFor.name, () => {
  it('is strict in production only', () => {
    expect(urlPolicyFor('production')).toBe('public-https');
    expect(urlPolicyFor('development')).toBe('any');
    expect(urlPolicyFor('test')).toBe('any');
  });
});
