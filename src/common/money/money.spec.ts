import { displayMoney, fromCents, normaliseAmount, toCents } from './money';

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

  it('writes cents back, signed', () => {
    expect(fromCents(125000000n)).toBe('1250000.00');
    expect(fromCents(5n)).toBe('0.05');
    expect(fromCents(-150n)).toBe('-1.50');
    expect(fromCents(0n)).toBe('0.00');
  });

  it('shows amounts grouped by thousands with their currency', () => {
    expect(displayMoney({ amount: '2800000', currency: 'TWD' })).toBe('2,800,000.00 TWD');
    expect(displayMoney({ amount: '999.5', currency: 'CZK' })).toBe('999.50 CZK');
    expect(displayMoney({ amount: '1000', currency: 'EUR' })).toBe('1,000.00 EUR');
  });
});
