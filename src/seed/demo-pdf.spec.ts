import { demoPdf } from './demo-pdf';

describe('demoPdf', () => {
  const pdf = demoPdf('Demo project description', ['Perovskite–silicon tandems (PEROTAND) for Tereza Dvořáková']);
  const text = pdf.toString('latin1');

  it('writes a PDF whose cross-reference table points at its objects', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(text.slice(offset).startsWith(`${index + 1} 0 obj`)).toBe(true));
  });

  it('shows the text in plain ASCII with parentheses escaped', () => {
    expect(text).toContain('(Demo project description) Tj');
    expect(text).toContain('(Perovskite-silicon tandems \\(PEROTAND\\) for Tereza Dvorakova) Tj');
  });
});
