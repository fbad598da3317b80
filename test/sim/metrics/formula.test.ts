import { describe, expect, it } from 'vitest';
import { compileFormula, FORMULA_FUNCTIONS, FormulaError } from '../../../src/sim/metrics/formula.ts';
import { FORMULA_NAMES } from '../../../src/sim/metrics/formulaNames.ts';

const NAMES = ['S', 'R', 'C', 'T'];
const scope = { S: 0.9, R: 0.5, C: 0.7, T: 120 };
const evaluate = (text: string, s: Record<string, number> = scope) => compileFormula(text, NAMES)(s);

describe('compileFormula: allowed expressions', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['2 ^ 10', 1024],
    ['7 mod 3', 1],
    ['-7 mod 3', 2],
    ['-S', -0.9],
    ['+R', 0.5],
    ['0.5 * S + 0.5 * R', 0.7],
    ['S * R', 0.45],
    ['2 S', 1.8],
    ['1e3', 1000],
    ['T / 60', 2],
  ])('evaluates %j to %d', (text, value) => {
    expect(evaluate(text)).toBeCloseTo(value, 12);
  });

  it.each([
    ['S > R', 1],
    ['S < R', 0],
    ['S >= 0.9', 1],
    ['S <= 0.8', 0],
    ['S == 0.9', 1],
    ['S != 0.9', 0],
    ['S > 0.5 and R > 0.5', 0],
    ['S > 0.5 or R > 0.5', 1],
    ['not (S > 0.5)', 0],
  ])('evaluates the comparison %j to %d', (text, value) => {
    expect(evaluate(text)).toBe(value);
  });

  it('evaluates a ternary by its condition', () => {
    expect(evaluate('S > 0.8 ? R : C')).toBe(0.5);
    expect(evaluate('S > 0.95 ? R : C')).toBe(0.7);
    expect(evaluate('T > 60 ? 0 : 1')).toBe(0);
  });

  it('evaluates min, max and clamp', () => {
    expect(evaluate('min(S, R, C)')).toBe(0.5);
    expect(evaluate('max(S, R, C)')).toBe(0.9);
    expect(evaluate('min(S)')).toBe(0.9);
    expect(evaluate('clamp(T / 100, 0, 1)')).toBe(1);
    expect(evaluate('clamp(-S, 0, 1)')).toBe(0);
    expect(evaluate('clamp(S, 0, 1)')).toBe(0.9);
  });

  it('evaluates the other allowed functions', () => {
    expect(evaluate('abs(-2)')).toBe(2);
    expect(evaluate('sqrt(16)')).toBe(4);
    expect(evaluate('exp(0)')).toBe(1);
    expect(evaluate('log(e)')).toBeCloseTo(1, 15);
    expect(evaluate('log10(1000)')).toBeCloseTo(3, 15);
    expect(evaluate('pow(2, 3)')).toBe(8);
    expect(evaluate('floor(2.7) + ceil(2.2) + round(2.5)')).toBe(8);
    expect(FORMULA_FUNCTIONS).toEqual(expect.arrayContaining(['min', 'max', 'clamp']));
  });

  it('knows pi and e', () => {
    expect(evaluate('pi')).toBe(Math.PI);
    expect(evaluate('e')).toBe(Math.E);
    expect(evaluate('2 * pi')).toBe(2 * Math.PI);
  });

  it('reads names from the scope at each call', () => {
    const f = compileFormula('S * R', NAMES);
    expect(f({ S: 1, R: 0.25 })).toBe(0.25);
    expect(f({ S: 0.5, R: 0.5 })).toBe(0.25);
  });

  it('accepts every headline and secondary figure name', () => {
    const s = Object.fromEntries(FORMULA_NAMES.map((n, i) => [n, i]));
    expect(compileFormula(FORMULA_NAMES.join(' + '), FORMULA_NAMES)(s)).toBe((FORMULA_NAMES.length * (FORMULA_NAMES.length - 1)) / 2);
  });
});

describe('compileFormula: rejected before running', () => {
  it.each([
    ['ones(1e5,1e5)', /function "ones" is not allowed/],
    ['import({}, {})', /function "import" is not allowed/],
    ['createUnit("x")', /function "createUnit" is not allowed/],
    ['evaluate("1")', /function "evaluate" is not allowed/],
    ['parse("1")', /function "parse" is not allowed/],
    ['[1,2]', /matrix/],
    ['a = 1', /assignment/],
    ['f(x) = x', /function definition/],
    ['"text"', /only numbers/],
    ['S.foo', /property or index access/],
    ['S[1]', /property or index access/],
    ['foo', /unknown name "foo"/],
    ['5 cm', /unknown name "cm"/],
    ['S; R', /more than one expression/],
    ['1:3', /range/],
    ['{a: 1}', /object/],
    ['true', /only numbers/],
    ['5!', /not allowed/],
    ['S xor R', /not allowed/],
    ['constructor', /unknown name/],
    ['__proto__', /unknown name/],
    ['toString()', /not allowed/],
    ['clamp(1, 2)', /clamp takes 3 argument/],
    ['abs()', /abs takes 1 argument/],
    ['1 +', /does not parse/],
    ['', /./],
  ])('rejects %j with a FormulaError', (text, message) => {
    let err: unknown;
    try { compileFormula(text, NAMES); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(FormulaError);
    expect((err as Error).message).toMatch(message);
  });

  it('rejects a forbidden call nested inside an allowed expression, even in a branch that would not be taken', () => {
    expect(() => compileFormula('S + 0 * ones(1e5, 1e5)', NAMES)).toThrow(FormulaError);
    expect(() => compileFormula('1 > 0 ? R : evaluate("1")', NAMES)).toThrow(FormulaError);
    expect(() => compileFormula('min(S, parse("1"))', NAMES)).toThrow(FormulaError);
  });

  it('rejects ones(1e5,1e5) by name, at compile time (it is never built)', () => {
    expect(() => compileFormula('ones(1e5,1e5)', NAMES)).toThrow(/function "ones" is not allowed/);
  });

  it('lists the known names when a name is unknown', () => {
    expect(() => compileFormula('uptime', NAMES)).toThrow(/known: S, R, C, T/);
  });

  it('rejects a formula over the length limit', () => {
    expect(() => compileFormula('S' + ' + S'.repeat(1000), NAMES)).toThrow(FormulaError);
  });

  it('rejects a formula with too many terms', () => {
    expect(() => compileFormula(Array.from({ length: 400 }, () => '1').join('+'), NAMES)).toThrow(/more than \d+ terms/);
  });
});
