import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { Fold } from '../widgets/folding-view';
import type { CodeObjectInfo } from '../widgets/code-object-view';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

interface Span {
	line: number;
	col: number;
	endLine: number;
	endCol: number;
}
interface Instruction {
	offset: number;
	opname: string;
	arg: string;
	line: number | null;
	span: Span | null;
	goneAt?: number;
	changed?: boolean;
}
interface Level {
	optimize: number;
	name: string;
	codeObjects: { qualname: string; firstLine: number; consts: string[]; instructions: Instruction[]; constsRemoved?: string[] }[];
}
interface Folding {
	source: string;
	levels: Level[];
	folds: Fold[];
	removals: { asserts: number[]; docstrings: number[]; debug: number[] };
	error?: string;
}

const program = `SECONDS = 24 * 60 * 60
WORD = "ab" * 3
BIG = 2 ** 100

def check(n):
    """Say whether n is positive."""
    assert n > 0, "n must be positive"
    if __debug__:
        print("checking", n)
    return n * (3 + 4) in [7, 14]
`;

describe('lifecycle.compiler.folding', () => {
	let result: Folding;
	beforeAll(() => {
		result = python.call<Folding>('lifecycle.compiler', 'folding', [program, '<cell 1>']);
	});

	it('compiles at optimize 0, 1 and 2, module first, then each nested code object', () => {
		expect(result.levels.map((l) => l.optimize)).toEqual([0, 1, 2]);
		for (const level of result.levels) expect(level.codeObjects.map((c) => c.qualname)).toEqual(['<module>', 'check']);
	});

	it('finds 24 * 60 * 60 folded to 86400 in co_consts, by compile() and not by the AST optimizer', () => {
		const fold = result.folds.find((f) => f.source === '24 * 60 * 60');
		expect(fold).toMatchObject({ node: 'BinOp', folded: true, value: '86400', opname: 'LOAD_CONST', inConsts: true, codeObject: '<module>' });
		expect(fold?.span).toEqual({ line: 1, col: 10, endLine: 1, endCol: 22 });
		// In 3.14 ast.parse(optimize=2) no longer folds arithmetic: the BinOp is still there.
		expect(fold?.astOptimized).toBe('BinOp');
		const module = result.levels[0]?.codeObjects[0];
		expect(module?.consts[fold?.constIndex ?? -1]).toBe('86400');
	});

	it('reports folds into LOAD_SMALL_INT and list-to-tuple, and what is not folded', () => {
		expect(result.folds.find((f) => f.source === '"ab" * 3')).toMatchObject({ folded: true, value: "'ababab'" });
		expect(result.folds.find((f) => f.source === '3 + 4')).toMatchObject({
			folded: true,
			value: '7',
			opname: 'LOAD_SMALL_INT',
			inConsts: false,
			codeObject: 'check',
		});
		expect(result.folds.find((f) => f.source === '[7, 14]')).toMatchObject({ folded: true, value: '(7, 14)' });
		// 2 ** 100 is too big for the optimizer's size limit: it is computed at run time.
		expect(result.folds.find((f) => f.source === '2 ** 100')).toMatchObject({ folded: false, instructions: ['BINARY_OP **'] });
	});

	it('removes the assert and the __debug__ block at optimize 1, the docstring at optimize 2', () => {
		const [zero, one, two] = result.levels.map((l) => l.codeObjects[1]);
		const opsOnLine = (code: typeof zero, line: number) => (code?.instructions ?? []).filter((i) => i.line === line).map((i) => i.opname);
		expect(opsOnLine(zero, 7)).toContain('RAISE_VARARGS');
		expect(opsOnLine(one, 7)).toEqual([]);
		expect(opsOnLine(zero, 9)).toContain('CALL');
		expect(opsOnLine(one, 9)).toEqual([]);
		expect(zero?.instructions.filter((i) => i.line === 7).every((i) => i.goneAt === 1)).toBe(true);
		expect(zero?.consts).toContain("'Say whether n is positive.'");
		expect(one?.consts).toContain("'Say whether n is positive.'");
		expect(two?.consts).not.toContain("'Say whether n is positive.'");
		expect(two?.constsRemoved).toEqual(["'Say whether n is positive.'"]);
		expect(one?.constsRemoved).toEqual(expect.arrayContaining(["'n must be positive'", "'checking'"]));
		expect(result.removals).toEqual({ asserts: [7], docstrings: [6], debug: [8] });
	});

	it('agrees with compile() itself', () => {
		const truth = python.py.runPython(`
import dis
c = compile(${JSON.stringify(program)}, '<cell 1>', 'exec', optimize=1)
f = next(k for k in c.co_consts if hasattr(k, 'co_code'))
[i.opname for i in dis.get_instructions(f)]
`).toJs() as string[];
		expect(result.levels[1]?.codeObjects[1]?.instructions.map((i) => i.opname)).toEqual(truth);
	});

	it('reports a syntax error instead of failing', () => {
		const bad = python.call<Folding>('lifecycle.compiler', 'folding', ['x = (', '<cell 2>']);
		expect(bad.error).toMatch(/^SyntaxError: /);
	});
});

describe('lifecycle.compiler.code_objects', () => {
	const source = `total = 0

def outer(a, /, b, *, c=2):
    """Add up."""
    x = a + b
    def inner():
        return x * c
    try:
        return inner() + total
    except ZeroDivisionError:
        return None

print(outer(1, 2))
`;
	let objects: CodeObjectInfo[];
	beforeAll(async () => {
		await python.runCell(source, { filename: '<cell 5>' });
		python.take();
		objects = python.call<{ codeObjects: CodeObjectInfo[] }>('lifecycle.compiler', 'code_objects', [source, '<cell 5>']).codeObjects;
	});

	it('lists the module and every nested code object in source order', () => {
		expect(objects.map((o) => o.co_qualname)).toEqual(['<module>', 'outer', 'outer.<locals>.inner']);
	});

	it('agrees with the real attributes of the code objects the cell ran', () => {
		const truth = JSON.parse(
			python.py.runPython(`
import json
from lifecycle.runner import code_of
m = code_of(${JSON.stringify(source)}, '<cell 5>')
o = next(k for k in m.co_consts if hasattr(k, 'co_code'))
i = next(k for k in o.co_consts if hasattr(k, 'co_code'))
json.dumps([{
    'co_name': c.co_name, 'co_argcount': c.co_argcount, 'co_posonlyargcount': c.co_posonlyargcount,
    'co_kwonlyargcount': c.co_kwonlyargcount, 'co_nlocals': c.co_nlocals, 'co_stacksize': c.co_stacksize,
    'co_flags': c.co_flags, 'co_names': list(c.co_names), 'co_varnames': list(c.co_varnames),
    'co_cellvars': list(c.co_cellvars), 'co_freevars': list(c.co_freevars), 'co_code': c.co_code.hex(' '),
    'co_lines': [list(t) for t in c.co_lines()], 'co_exceptiontable': c.co_exceptiontable.hex(' '),
    'positions': len(list(c.co_positions())), 'co_firstlineno': c.co_firstlineno,
} for c in (m, o, i)])
`) as string
		) as Record<string, unknown>[];
		objects.forEach((o, n) => {
			const t = truth[n] ?? {};
			expect(o.co_name).toBe(t['co_name']);
			expect(o.co_argcount).toBe(t['co_argcount']);
			expect(o.co_posonlyargcount).toBe(t['co_posonlyargcount']);
			expect(o.co_kwonlyargcount).toBe(t['co_kwonlyargcount']);
			expect(o.co_nlocals).toBe(t['co_nlocals']);
			expect(o.co_stacksize).toBe(t['co_stacksize']);
			expect(o.co_flags.value).toBe(t['co_flags']);
			expect(o.co_names).toEqual(t['co_names']);
			expect(o.co_varnames).toEqual(t['co_varnames']);
			expect(o.co_cellvars).toEqual(t['co_cellvars']);
			expect(o.co_freevars).toEqual(t['co_freevars']);
			expect(o.co_code.hex).toBe(t['co_code']);
			expect(o.co_code.length).toBe(o.co_code.units * 2);
			expect(o.co_lines).toEqual(t['co_lines']);
			expect(o.co_exceptiontable.hex).toBe(t['co_exceptiontable']);
			expect(o.co_positions).toHaveLength(t['positions'] as number);
			expect(o.co_firstlineno).toBe(t['co_firstlineno']);
		});
	});

	it('decodes the fields a learner reads', () => {
		const [module, outer, inner] = objects;
		expect(module?.co_filename).toBe('<cell 5>');
		expect(outer).toMatchObject({ co_argcount: 2, co_posonlyargcount: 1, co_kwonlyargcount: 1, co_cellvars: ['c', 'x'] });
		expect(outer?.co_flags.names).toEqual(expect.arrayContaining(['OPTIMIZED', 'NEWLOCALS', 'HAS_DOCSTRING']));
		expect(outer?.co_consts[0]?.repr).toBe("'Add up.'");
		expect(outer?.co_consts.find((k) => k.code)?.code).toBe('outer.<locals>.inner');
		expect(inner?.co_freevars).toEqual(['c', 'x']);
		expect(inner?.co_flags.names).toContain('NESTED');
		// The try block's handler is in the exception table, not in the instructions.
		expect(outer?.co_exceptiontable.entries.length).toBeGreaterThan(0);
		expect(outer?.co_exceptiontable.entries[0]).toMatchObject({ depth: 0, lasti: false });
	});

	it('gives co_positions in character columns, with the opname at each code unit', () => {
		const inner = objects[2];
		const load = inner?.co_positions.find((p) => p.opname.startsWith('LOAD_DEREF'));
		expect(load?.span).toEqual({ line: 7, col: 15, endLine: 7, endCol: 16 });
		expect(inner?.co_positions.some((p) => p.opname === 'CACHE')).toBe(true);
		const accented = python.call<{ codeObjects: CodeObjectInfo[] }>('lifecycle.compiler', 'code_objects', ['é = "ü"; x = é', '<cell 6>']);
		const loadName = accented.codeObjects[0]?.co_positions.find((p) => p.opname === 'LOAD_NAME');
		expect(loadName?.raw).toEqual([1, 1, 15, 17]); // UTF-8 bytes
		expect(loadName?.span).toEqual({ line: 1, col: 13, endLine: 1, endCol: 14 }); // characters
	});
});
