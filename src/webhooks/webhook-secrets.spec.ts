import { newSigningSecret, SecretBox } from './webhook-secrets';

describe(SecretBox.name, () => {
  const box = new SecretBox('a-master-key-of-at-least-thirty-two-characters');

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const secret = newSigningSecret();
    const [first, second] = [box.seal(secret), box.seal(secret)];
    expect(box.open(first)).toBe(secret);
    expect(box.open(second)).toBe(secret);
    expect(first.equals(second)).toBe(false);
    expect(first.toString('utf8')).not.toContain(secret.slice(6));
  });

  it('refuses a sealed secret that was tampered with or sealed under another key', () => {
    const sealed = box.seal(newSigningSecret());
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox('another-master-key-of-at-least-32-characters').open(sealed)).toThrow();
  });
});

describe(newSigningSecret.name, () => {
  it('makes Standard Webhooks secrets: whsec_ and 32 random bytes', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });
});
