import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. In production an endpoint must be `https` and every address its host resolves to must be
 * public: no loopback, private, link-local (the cloud metadata service at 169.254.169.254), carrier-grade NAT,
 * unique-local, multicast or reserved ranges, in IPv4 or IPv6 (IPv4-mapped IPv6 addresses are judged as IPv4).
 * Elsewhere (a laptop, the tests) local receivers are fine.
 */
export type UrlPolicy = 'public-https' | 'any';

export function checkEndpointUrl(raw: string, policy: UrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (policy === 'any') return ['http:', 'https:'].includes(url.protocol) ? null : 'must be an http(s) URL';
  if (url.protocol !== 'https:') return 'must be an https URL';
  // A literal address is judged now; a name is judged once resolved (at registration and at every delivery).
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return 'must not point at a private, loopback or reserved address';
  return null;
}

/** Only globally routable unicast addresses. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}
