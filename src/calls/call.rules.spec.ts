import { CallDraft, checkCallContent, checkExtension, checkPublishable, CallParties } from './call.rules';

const at = (iso: string) => new Date(iso);
const twd = (amount: string) => ({ amount, currency: 'TWD' });
const czk = (amount: string) => ({ amount, currency: 'CZK' });

const validCall = (): CallDraft => ({
  opensAt: at('2027-01-01T00:00:00Z'),
  closesAt: at('2027-03-31T09:00:00Z'),
  reviewDueAt: at('2027-06-30T09:00:00Z'),
  decisionExpectedAt: at('2027-09-30T09:00:00Z'),
  budgets: {
    home: { maxPerProposal: twd('3000000'), total: twd('30000000') },
    partner: { maxPerProposal: czk('2500000'), total: czk('25000000') },
  },
  reviewCriteria: [{ key: 'excellence' }, { key: 'impact' }],
});

const parties = (overrides: Partial<CallParties> = {}): CallParties => ({
  home: { currency: 'TWD' },
  partner: { id: 'gacr', currency: 'CZK', isHome: false },
  agreementRequested: false,
  ...overrides,
});

describe(checkCallContent.name, () => {
  it('accepts a consistent call', () => {
    expect(checkCallContent(validCall(), parties())).toEqual([]);
  });

  it('lists every date out of order', () => {
    const call = { ...validCall(), closesAt: at('2026-12-01T00:00:00Z'), decisionExpectedAt: at('2027-05-01T00:00:00Z') };
    expect(checkCallContent(call, parties()).map((problem) => problem.field)).toEqual(['closesAt', 'decisionExpectedAt']);
  });

  it('wants each budget in its own agency currency', () => {
    const call = validCall();
    call.budgets.partner.total = { amount: '25000000', currency: 'EUR' };
    expect(checkCallContent(call, parties())).toEqual([
      { field: 'budgets.partner.total.currency', message: "must be CZK, the partner agency's currency" },
    ]);
  });

  it('refuses a per-proposal cap above the total, and a zero cap', () => {
    const call = validCall();
    call.budgets.home.maxPerProposal = twd('30000000.01');
    call.budgets.partner.maxPerProposal = czk('0');
    expect(checkCallContent(call, parties()).map((problem) => problem.field)).toEqual([
      'budgets.home.maxPerProposal.amount',
      'budgets.partner.maxPerProposal.amount',
    ]);
  });

  it('starts projects only after the call closes, and keeps report- kinds for award reports', () => {
    const call = { ...validCall(), projectStartsAt: at('2027-03-31T09:00:00Z'), requiredAttachmentKinds: ['cv', 'report-final'] };
    expect(checkCallContent(call, parties())).toEqual([
      { field: 'projectStartsAt', message: 'projectStartsAt must be after closesAt' },
      { field: 'requiredAttachmentKinds', message: '"report-final": kinds starting with report- are reserved for award reports' },
    ]);
    expect(checkCallContent({ ...call, projectStartsAt: at('2027-10-01T00:00:00Z'), requiredAttachmentKinds: ['cv'] }, parties())).toEqual(
      [],
    );
  });

  it('refuses duplicate criteria keys', () => {
    expect(checkCallContent({ ...validCall(), reviewCriteria: [{ key: 'a' }, { key: 'a' }] }, parties())).toEqual([
      { field: 'reviewCriteria', message: 'criterion keys must be distinct' },
    ]);
  });

  it('refuses NSTC or an unknown agency as partner', () => {
    expect(checkCallContent(validCall(), parties({ partner: { id: 'nstc', currency: 'TWD', isHome: true } }))[0].field).toBe(
      'partnerAgencyId',
    );
    expect(checkCallContent(validCall(), parties({ partner: null }))[0]).toEqual({
      field: 'partnerAgencyId',
      message: 'no agency has this id',
    });
  });

  it('wants the agreement to be with the partner', () => {
    const withOther = parties({ agreementRequested: true, agreement: { homeAgencyId: 'nstc', partnerAgencyId: 'dfg' } });
    expect(checkCallContent(validCall(), withOther)).toEqual([
      { field: 'agreementId', message: 'the agreement is not with the partner agency' },
    ]);
    expect(checkCallContent(validCall(), parties({ agreementRequested: true, agreement: null }))[0].field).toBe('agreementId');
    expect(
      checkCallContent(validCall(), parties({ agreementRequested: true, agreement: { homeAgencyId: 'nstc', partnerAgencyId: 'gacr' } })),
    ).toEqual([]);
  });
});

describe(checkPublishable.name, () => {
  const call = { homeAgencyId: 'nstc', partnerAgencyId: 'gacr', version: 3, closesAt: at('2027-03-31T09:00:00Z') };
  const now = at('2027-01-15T00:00:00Z');

  it('publishes with both agencies approving the current version', () => {
    expect(
      checkPublishable(
        call,
        [
          { agencyId: 'nstc', callVersion: 3 },
          { agencyId: 'gacr', callVersion: 3 },
        ],
        now,
      ),
    ).toEqual([]);
  });

  it('names each missing approval, and ignores approvals of an older text', () => {
    expect(checkPublishable(call, [{ agencyId: 'nstc', callVersion: 2 }], now).map((problem) => problem.message)).toEqual([
      'an officer of the home agency must approve the current text',
      'an officer of the partner agency must approve the current text',
    ]);
  });

  it('refuses to publish a call whose deadline has passed', () => {
    const approvals = [
      { agencyId: 'nstc', callVersion: 3 },
      { agencyId: 'gacr', callVersion: 3 },
    ];
    expect(checkPublishable(call, approvals, at('2027-04-01T00:00:00Z'))).toEqual([
      { field: 'closesAt', message: 'the deadline has passed; move it before publishing' },
    ]);
  });
});

describe(checkExtension.name, () => {
  const call = { closesAt: at('2027-03-31T09:00:00Z'), reviewDueAt: at('2027-06-30T09:00:00Z') };

  it('moves a deadline later', () => {
    expect(checkExtension(call, at('2027-04-15T09:00:00Z'), at('2027-03-01T00:00:00Z'))).toEqual([]);
  });

  it('never moves it earlier or to the same time', () => {
    expect(checkExtension(call, at('2027-03-31T09:00:00Z'), at('2027-03-01T00:00:00Z'))[0].message).toMatch(/later than the current/);
    expect(checkExtension(call, at('2027-03-01T09:00:00Z'), at('2027-02-01T00:00:00Z'))[0].message).toMatch(/later than the current/);
  });

  it('reopens only into the future and before reviews are due', () => {
    expect(checkExtension(call, at('2027-04-02T00:00:00Z'), at('2027-04-05T00:00:00Z')).map((problem) => problem.message)).toEqual([
      'the new deadline must be in the future',
    ]);
    expect(checkExtension(call, at('2027-07-01T00:00:00Z'), at('2027-04-05T00:00:00Z')).map((problem) => problem.message)).toEqual([
      'the new deadline must be before reviewDueAt',
    ]);
  });
});
