import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { isPublicAddress, UrlPolicy } from './webhook-url.rules';

export const urlPolicyFor = (nodeEnv: string): UrlPolicy => (nodeEnv === 'production' ? 'public-https' : 'any');

/** At registration: every address the host resolves to now must be public (under the production policy). */
export async function resolvesToPublic(url: string): Promise<boolean> {
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = await dnsLookupAsync(hostname, { all: true, verbatim: true });
    return addresses.length > 0 && addresses.every(({ address }) => isPublicAddress(address));
  } catch {
    return false;
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * At delivery, as the socket connects: the name is resolved again and the connection goes to an address checked
 * here, so a name that resolved to a public address at registration cannot be turned to an internal one later
 * (DNS rebinding). Used as the `lookup` of the HTTP request under the production policy.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused || addresses.length === 0) {
      const reason = Object.assign(new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`), {
        code: 'EADDRNOTPUBLIC',
      });
      return callback(reason, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
