import { checkAgreement } from './reference-data.rules';

describe(checkAgreement.name, () => {
  const home = { isHome: true };
  const partner = { isHome: false };

  it('accepts NSTC with a counterpart, open-ended or expiring later', () => {
    expect(checkAgreement({ signedOn: '2020-01-01' }, home, partner)).toEqual([]);
    expect(checkAgreement({ signedOn: '2020-01-01', expiresOn: '2025-01-01' }, home, partner)).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(checkAgreement({ signedOn: '2020-01-01', expiresOn: '2019-01-01' }, partner, home)).toEqual([
      { field: 'homeAgencyId', message: 'must be the home agency (NSTC)' },
      { field: 'partnerAgencyId', message: 'must be a counterpart agency, not the home agency' },
      { field: 'expiresOn', message: 'must be after signedOn' },
    ]);
  });

  it('names unknown agencies', () => {
    expect(checkAgreement({ signedOn: '2020-01-01' }, null, null).map((p) => p.field)).toEqual(['homeAgencyId', 'partnerAgencyId']);
  });

  it('refuses an agreement that expires on the day it is signed', () => {
    expect(checkAgreement({ signedOn: '2020-01-01', expiresOn: '2020-01-01' }, home, partner)).toHaveLength(1);
  });
});
