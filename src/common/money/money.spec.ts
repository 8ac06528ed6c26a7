import { normaliseAmount, toCents } from './money';

describe('money', () => {
  it.each([
    ['0', 0n],
    ['1', 100n],
    ['1.5', 150n],
    ['1250000.00', 125000000n],
    ['9999999999999.99', 999999999999999n],
  ])('reads %s as %s cents', (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });

  it.each(['', '-1', '1.234', '01', '1e5', '1,5', ' 1'])('refuses %j', (amount) => {
    expect(() => toCents(amount)).toThrow();
  });

  it('normalises to two decimals', () => {
    expect(normaliseAmount('1250000')).toBe('1250000.00');
    expect(normaliseAmount('0.5')).toBe('0.50');
  });

  it('compares exactly where floats would not', () => {
    expect(toCents('0.10') + toCents('0.20')).toBe(toCents('0.30'));
  });
});
