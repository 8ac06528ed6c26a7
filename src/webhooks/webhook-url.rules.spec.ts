import { checkEndpointUrl, isPublicAddress } from './webhook-url.rules';

describe(isPublicAddress.name, () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fc00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:93.184.216.34', true],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe(checkEndpointUrl.name, () => {
  it.each([
    ['https://hooks.gacr.cz/joint-calls', null],
    ['https://93.184.216.34/hook', null],
    ['http://hooks.gacr.cz/joint-calls', 'must be an https URL'],
    ['https://127.0.0.1/hook', 'must not point at a private, loopback or reserved address'],
    ['https://[::1]:8443/hook', 'must not point at a private, loopback or reserved address'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a private, loopback or reserved address'],
    ['https://user:pass@hooks.gacr.cz/', 'must not carry credentials'],
    ['ftp://hooks.gacr.cz/', 'must be an https URL'],
    ['not a url', 'must be an absolute URL'],
  ])('in production, %s → %s', (url, problem) => {
    expect(checkEndpointUrl(url, 'public-https')).toBe(problem);
  });

  it.each([
    ['http://127.0.0.1:4000/hook', null],
    ['https://localhost/hook', null],
    ['ftp://localhost/', 'must be an http(s) URL'],
  ])('outside production, %s → %s', (url, problem) => {
    expect(checkEndpointUrl(url, 'any')).toBe(problem);
  });
});
