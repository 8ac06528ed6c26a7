import { FieldProblem } from '../common/errors/domain-error';

/** An agreement binds NSTC to one counterpart and cannot expire before it is signed. */
export function checkAgreement(
  input: { signedOn: string; expiresOn?: string | null },
  home: { isHome: boolean } | null,
  partner: { isHome: boolean } | null,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!home) problems.push({ field: 'homeAgencyId', message: 'no agency has this id' });
  else if (!home.isHome) problems.push({ field: 'homeAgencyId', message: 'must be the home agency (NSTC)' });
  if (!partner) problems.push({ field: 'partnerAgencyId', message: 'no agency has this id' });
  else if (partner.isHome) problems.push({ field: 'partnerAgencyId', message: 'must be a counterpart agency, not the home agency' });
  if (input.expiresOn && input.expiresOn <= input.signedOn) problems.push({ field: 'expiresOn', message: 'must be after signedOn' });
  return problems;
}
