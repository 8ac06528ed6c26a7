/**
 * Money as exact decimals: amounts travel as strings with at most two decimals ("1250000.00") and are compared
 * as integer cents, never as floating-point numbers.
 */
export interface Money {
  amount: string;
  currency: string;
}

export const MONEY_PATTERN = /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/;

export function toCents(amount: string): bigint {
  if (!MONEY_PATTERN.test(amount)) throw new Error(`Not a money amount: ${amount}`);
  const [units, fraction = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** Canonical form with two decimals, as PostgreSQL numeric(15,2) returns it. */
export const normaliseAmount = (amount: string): string => {
  const cents = toCents(amount);
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
};

export const money = (amount: string, currency: string): Money => ({ amount: normaliseAmount(amount), currency });

/** Cents back to a decimal string with two decimals, signed when negative (a budget given back). */
export const fromCents = (cents: bigint): string => {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
};

/** An amount as people read it in an e-mail: digits grouped by thousands, two decimals, then the currency. */
export const displayMoney = ({ amount, currency }: Money): string => {
  const [units, fraction] = normaliseAmount(amount).split('.');
  return `${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction} ${currency}`;
};
