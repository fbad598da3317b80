import type { MathNode } from 'mathjs';
// The single-file bundle: loading 'mathjs' itself means ~1000 modules and seconds of start-up.
import math from 'mathjs/lib/browser/math.js';

/** Thrown when a metric formula does not parse or uses something outside the allow-list. */
export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaError';
  }
}

/** A compiled formula: evaluates over a scope of named numbers. */
export type CompiledFormula = (scope: Readonly<Record<string, number>>) => number;

const MAX_LENGTH = 2000;
const MAX_NODES = 500;

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  mod: (a, b) => a - b * Math.floor(a / b),
  smaller: (a, b) => +(a < b),
  larger: (a, b) => +(a > b),
  smallerEq: (a, b) => +(a <= b),
  largerEq: (a, b) => +(a >= b),
  equal: (a, b) => +(a === b),
  unequal: (a, b) => +(a !== b),
  and: (a, b) => +(a !== 0 && b !== 0),
  or: (a, b) => +(a !== 0 || b !== 0),
};

const UNARY: Record<string, (a: number) => number> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
  not: (a) => +(a === 0),
};

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (...a: number[]) => number }> = {
  min: { arity: [1, 64], fn: Math.min },
  max: { arity: [1, 64], fn: Math.max },
  abs: { arity: [1, 1], fn: Math.abs },
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  exp: { arity: [1, 1], fn: Math.exp },
  log: { arity: [1, 1], fn: Math.log },
  log10: { arity: [1, 1], fn: Math.log10 },
  pow: { arity: [2, 2], fn: Math.pow },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  round: { arity: [1, 1], fn: Math.round },
  clamp: { arity: [3, 3], fn: (x, lo, hi) => Math.min(hi, Math.max(lo, x)) },
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

/** Names of the functions a formula may call. */
export const FORMULA_FUNCTIONS = Object.keys(FUNCTIONS);

/**
 * Parses a formula once with mathjs and compiles it to a plain closure. Only numbers, the
 * given names, `pi`, `e`, arithmetic, comparisons, `and`/`or`/`not`, `a ? b : c` and the
 * functions in {@link FORMULA_FUNCTIONS} are allowed: no assignments, function definitions,
 * matrices, strings, units, property access, or mathjs functions such as `import`,
 * `evaluate`, `parse` or `ones`. Nothing of the formula runs before it has passed the check.
 */
export function compileFormula(text: string, names: readonly string[]): CompiledFormula {
  if (text.length > MAX_LENGTH) throw new FormulaError(`formula longer than ${MAX_LENGTH} characters`);
  let root: MathNode;
  try {
    root = math.parse(text);
  } catch (e) {
    throw new FormulaError(`does not parse: ${(e as Error).message}`);
  }
  const allowed = new Set(names);
  let count = 0;
  const compile = (node: MathNode): CompiledFormula => {
    if (++count > MAX_NODES) throw new FormulaError(`formula has more than ${MAX_NODES} terms`);
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v !== 'number') throw new FormulaError(`only numbers are allowed as constants, got ${JSON.stringify(v)}`);
        return () => v;
      }
      case 'SymbolNode': {
        const name = n.name as string;
        if (Object.hasOwn(CONSTANTS, name)) { const c = CONSTANTS[name]; return () => c; }
        if (!allowed.has(name)) throw new FormulaError(`unknown name "${name}"; known: ${[...names].join(', ')}`);
        return (s) => s[name];
      }
      case 'ParenthesisNode':
        return compile(n.content as MathNode);
      case 'ConditionalNode': {
        const c = compile(n.condition as MathNode), a = compile(n.trueExpr as MathNode), b = compile(n.falseExpr as MathNode);
        return (s) => (c(s) !== 0 ? a(s) : b(s));
      }
      case 'OperatorNode': {
        const args = (n.args as MathNode[]).map(compile);
        const fn = n.fn as string;
        if (args.length === 2 && Object.hasOwn(BINARY, fn)) { const f = BINARY[fn], [a, b] = args; return (s) => f(a(s), b(s)); }
        if (args.length === 1 && Object.hasOwn(UNARY, fn)) { const f = UNARY[fn], [a] = args; return (s) => f(a(s)); }
        throw new FormulaError(`operator "${n.op as string}" is not allowed`);
      }
      case 'FunctionNode': {
        const fnNode = n.fn as MathNode & { name?: string };
        const name = fnNode.type === 'SymbolNode' ? fnNode.name ?? '' : '';
        const spec = FUNCTIONS[name];
        if (!Object.hasOwn(FUNCTIONS, name)) throw new FormulaError(`function "${name || fnNode.toString()}" is not allowed; allowed: ${FORMULA_FUNCTIONS.join(', ')}`);
        const args = (n.args as MathNode[]).map(compile);
        if (args.length < spec.arity[0] || args.length > spec.arity[1]) throw new FormulaError(`${name} takes ${spec.arity[0] === spec.arity[1] ? spec.arity[0] : `${spec.arity[0]} to ${spec.arity[1]}`} argument(s), got ${args.length}`);
        const f = spec.fn;
        return (s) => f(...args.map((a) => a(s)));
      }
      default:
        throw new FormulaError(`${describeNode(node.type)} is not allowed in a formula`);
    }
  };
  return compile(root);
}

function describeNode(type: string): string {
  switch (type) {
    case 'AssignmentNode': return 'an assignment';
    case 'FunctionAssignmentNode': return 'a function definition';
    case 'ArrayNode': return 'a matrix';
    case 'AccessorNode': case 'IndexNode': return 'property or index access';
    case 'ObjectNode': return 'an object';
    case 'RangeNode': return 'a range';
    case 'BlockNode': return 'more than one expression';
    default: return type;
  }
}
