import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { CodeObject, Explanation } from '../widgets/bytecode-explorer';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

function explore(
	source: string,
	filename = '<cell 1>',
	adaptive = false,
	showCaches = false
): CodeObject[] {
	return python.call<CodeObject[]>('lifecycle.bytecode', 'explore', [
		source,
		filename,
		adaptive,
		showCaches,
	]);
}

/** The reference: dis.get_instructions of every nested code object, computed here independently of bytecode.py. */
function disReference(
	source: string
): { qualname: string; rows: [string, number, number | null][] }[] {
	python.py.globals.set('reference_source', source);
	const json = python.py.runPython(`
import ast, dis, inspect, json
def _walk(code, out):
    out.append({"qualname": code.co_qualname,
                "rows": [[i.opname, i.offset, i.arg] for i in dis.get_instructions(code)]})
    for const in code.co_consts:
        if inspect.iscode(const):
            _walk(const, out)
    return out
json.dumps(_walk(compile(reference_source, "<ref>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), []))
`) as string;
	return JSON.parse(json) as ReturnType<typeof disReference>;
}

const PROGRAMS: Record<string, string> = {
	class:
		'class Point:\n    def __init__(self, x):\n        self.x = x\n\n    def norm(self):\n        return abs(self.x)\n\nprint(Point(3).norm())\n',
	lambda: 'double = lambda n: n * 2\nprint(list(map(double, [1, 2])))\n',
	nested:
		'def outer():\n    total = 0\n    def inner(step):\n        nonlocal total\n        total += step\n    inner(2)\n    return total\n\nprint(outer())\n',
	tryExcept:
		'def safe(a, b):\n    try:\n        return a / b\n    except ZeroDivisionError:\n        return None\n    finally:\n        print("done")\n\nsafe(1, 0)\n',
	comprehension:
		'squares = [n * n for n in range(5) if n % 2]\ngen = sum(n for n in range(3))\nprint(squares, gen)\n',
	asyncDef:
		'import asyncio\n\nasync def fetch(n):\n    await asyncio.sleep(0)\n    return n\n\nasync def main():\n    async for _ in aiter_of([]):\n        pass\n    return await fetch(1)\n\nasync def aiter_of(items):\n    for item in items:\n        yield item\n',
	loops:
		'for i in range(3):\n    if i == 1:\n        continue\n    print(i)\nwhile False:\n    pass\n',
	unicode: 'café = "naïve"\nprint(café)\n',
};

describe('lifecycle.bytecode.explore', () => {
	it('pins the JSON shape of a code object and an instruction', () => {
		const [module, scale] = explore('def scale(x):\n    return x * 2\n\nprint(scale(21))\n');
		expect(module).toMatchObject({
			name: '<module>',
			qualname: '<module>',
			kind: 'module',
			firstLine: 1,
			truncated: false,
		});
		expect(scale).toMatchObject({
			name: 'scale',
			qualname: 'scale',
			kind: 'function',
			firstLine: 1,
		});
		expect(scale?.exceptionTable).toEqual([]);
		expect(scale?.instructions.map((row) => row.opname)).toEqual([
			'RESUME',
			'LOAD_FAST_BORROW',
			'LOAD_SMALL_INT',
			'BINARY_OP',
			'RETURN_VALUE',
		]);
		expect(scale?.instructions[1]).toEqual({
			offset: 2,
			opname: 'LOAD_FAST_BORROW',
			baseopname: 'LOAD_FAST_BORROW',
			opcode: 86,
			arg: 0,
			argrepr: 'x',
			line: 2,
			label: null,
			jumpTarget: null,
			positions: { line: 2, col: 11, endLine: 2, endCol: 12 },
			isCache: false,
		});
		expect(scale?.instructions[3]).toMatchObject({
			opname: 'BINARY_OP',
			arg: 5,
			argrepr: '*',
			positions: { line: 2, col: 11, endLine: 2, endCol: 16 },
		});
		// The module's RESUME sits on line 0, which is no source line: no columns to highlight.
		expect(module?.instructions[0]).toMatchObject({ opname: 'RESUME', line: 0, positions: null });
	});

	for (const [name, source] of Object.entries(PROGRAMS)) {
		it(`agrees exactly with dis.get_instructions: ${name}`, () => {
			const mine = explore(source);
			const reference = disReference(source);
			expect(mine.map((code) => code.qualname)).toEqual(reference.map((code) => code.qualname));
			mine.forEach((code, index) => {
				expect(code.instructions.map((row) => [row.opname, row.offset, row.arg])).toEqual(
					reference[index]?.rows
				);
			});
		});
	}

	it('lists code objects depth first with their kinds', () => {
		const codes = explore(
			'class A:\n    def m(self):\n        return lambda: self\n\nsquares = [n for n in range(3)]\ngen = (n for n in range(3))\nasync def co():\n    pass\n'
		);
		expect(codes.map((code) => [code.qualname, code.kind])).toEqual([
			['<module>', 'module'],
			['A', 'class'],
			['A.m', 'function'],
			['A.m.<locals>.<lambda>', 'lambda'],
			['<genexpr>', 'comprehension'],
			['co', 'function'],
		]);
	});

	it('labels jump targets and gives each jump its target offset', () => {
		const [module] = explore(PROGRAMS['loops'] ?? '');
		const rows = module?.instructions ?? [];
		const jumps = rows.filter((row) => row.jumpTarget !== null);
		expect(jumps.length).toBeGreaterThan(2);
		for (const jump of jumps) {
			const target = rows.find((row) => row.offset === jump.jumpTarget);
			expect(target?.label, `${jump.opname} at ${jump.offset}`).toBeGreaterThan(0);
			expect(jump.argrepr).toBe(`to L${target?.label}`);
		}
	});

	it('gives the exception table with dis labels', () => {
		const codes = explore(PROGRAMS['tryExcept'] ?? '');
		const safe = codes.find((code) => code.name === 'safe');
		expect(safe?.exceptionTable.length).toBeGreaterThan(1);
		const labels = new Map(
			safe?.instructions.filter((row) => row.label !== null).map((row) => [row.offset, row.label])
		);
		for (const entry of safe?.exceptionTable ?? []) {
			expect(entry.start).toBeLessThan(entry.end);
			expect(labels.get(entry.start)).toBe(entry.startLabel);
			expect(labels.get(entry.target)).toBe(entry.targetLabel);
			expect(typeof entry.lasti).toBe('boolean');
		}
		// The same text dis prints: "L1 to L2 -> L3 [0]".
		python.py.runPython(`
import dis, io
_ns = {}
exec(compile(${JSON.stringify(PROGRAMS['tryExcept'])}, "<ref>", "exec"), _ns)
_out = io.StringIO()
dis.dis(_ns["safe"], file=_out)
reference_table = _out.getvalue().split("ExceptionTable:\\n")[1]
`);
		const printed = (safe?.exceptionTable ?? [])
			.map(
				(entry) =>
					`  L${entry.startLabel} to L${entry.endLabel} -> L${entry.targetLabel} [${entry.depth}]${entry.lasti ? ' lasti' : ''}\n`
			)
			.join('');
		expect(printed).toBe(python.py.globals.get('reference_table'));
	});

	it('converts byte columns to character columns', () => {
		const [module] = explore(PROGRAMS['unicode'] ?? '');
		const print = module?.instructions.find(
			(row) => row.opname === 'LOAD_NAME' && row.argrepr === 'café' && row.line === 2
		);
		expect(print?.positions).toEqual({ line: 2, col: 6, endLine: 2, endCol: 10 });
	});

	it('shows CACHE rows with their cache names and values, as dis.dis(show_caches=True) prints them', () => {
		const source = 'def scale(x):\n    return x * 2\n';
		const [, scale] = explore(source, '<cell 1>', false, true);
		const rows = scale?.instructions ?? [];
		const caches = rows.filter((row) => row.isCache);
		expect(caches.length).toBe(5); // BINARY_OP: counter (1 word) + descr (4 words)
		expect(caches[0]).toMatchObject({
			opname: 'CACHE',
			arg: 0,
			argrepr: 'counter: 0',
			cache_info: { name: 'counter', size: 1, value: '0' },
		});
		expect(caches[1]).toMatchObject({
			argrepr: 'descr: 0',
			cache_info: { name: 'descr', size: 4 },
		});
		expect(caches[2]?.argrepr).toBe('');
		expect(caches[2]?.cache_info).toBeUndefined();
		python.py.runPython(`
import dis, io
_out = io.StringIO()
dis.dis(compile(${JSON.stringify(source)}, "<c>", "exec").co_consts[0], show_caches=True, file=_out)
reference_cache_lines = [l.strip() for l in _out.getvalue().splitlines() if "CACHE" in l]
`);
		const reference = (
			python.py.globals.get('reference_cache_lines') as { toJs(): string[] }
		).toJs();
		expect(
			caches.map((row) =>
				`CACHE ${row.arg}${row.argrepr ? ` (${row.argrepr})` : ''}`.replace(/\s+/g, ' ')
			)
		).toEqual(reference.map((line) => line.replace(/\s+/g, ' ')));
		expect(rows.map((row) => row.offset)).toEqual(rows.map((_, index) => index * 2));
	});

	it('shows the specializations the run caused in the adaptive view', async () => {
		const source = 'def add(a, b):\n    return a + b\n\nfor i in range(2000):\n    add(i, 1)\n';
		expect((await python.runCell(source, { filename: '<cell warm>' })).status).toBe('ok');
		const plain = explore(source, '<cell warm>', false)[1]?.instructions.map((row) => row.opname);
		const adaptive = explore(source, '<cell warm>', true)[1]?.instructions ?? [];
		expect(plain).toContain('BINARY_OP');
		expect(plain).not.toContain('BINARY_OP_ADD_INT');
		const add = adaptive.find((row) => row.opname === 'BINARY_OP_ADD_INT');
		expect(add).toMatchObject({ baseopname: 'BINARY_OP', argrepr: '+' });
		expect(adaptive.map((row) => row.opname)).toContain('RESUME_CHECK');
		// A fresh compile (code changed since the run) has nothing specialized.
		const fresh = explore(`${source}# edited\n`, '<cell warm>', true)[1]?.instructions.map(
			(row) => row.opname
		);
		expect(fresh).toContain('BINARY_OP');
	});

	it('caps the listing at 5000 rows and says so', () => {
		const source = Array.from({ length: 3000 }, (_, i) => `v${i} = ${i}`).join('\n');
		const codes = explore(source);
		const total = codes.reduce((sum, code) => sum + code.instructions.length, 0);
		expect(total).toBe(5000);
		expect(codes[0]?.truncated).toBe(true);
	});
});

describe('lifecycle.bytecode.explain', () => {
	it('explains every opcode of dis.opmap and dis._specialized_opmap', () => {
		const names = python.call<string[]>('lifecycle.bytecode', 'all_opnames');
		expect(names.length).toBeGreaterThan(200);
		for (const required of [
			'LOAD_FAST_BORROW',
			'LOAD_SMALL_INT',
			'NOT_TAKEN',
			'POP_ITER',
			'JUMP_BACKWARD_NO_JIT',
			'BINARY_OP_EXTEND',
			'CACHE',
			'RESUME',
		]) {
			expect(names).toContain(required);
		}
		const missing = names.filter((name) => {
			const result = python.call<Explanation>('lifecycle.bytecode', 'explain', [name]);
			return result.text.includes('is not an opcode') || result.text.length < 20;
		});
		expect(missing).toEqual([]);
		// The table names no opcode this interpreter lacks.
		const stale = python.py.runPython(
			'import dis; from lifecycle import opcodes; sorted((set(opcodes.BASE) | set(opcodes.SPECIALIZED)) - set(dis.opmap) - set(dis._specialized_opmap))'
		) as { toJs(): string[] };
		expect(stale.toJs()).toEqual([]);
	});

	it('pins the shape for a plain, a specialized and a jump opcode', () => {
		const borrow = python.call<Explanation>('lifecycle.bytecode', 'explain', ['LOAD_FAST_BORROW']);
		expect(borrow).toEqual({
			opname: 'LOAD_FAST_BORROW',
			text: expect.stringContaining('borrowed reference'),
			stackEffect: { value: 1, arg: 0, of: 'LOAD_FAST_BORROW' },
		});
		const add = python.call<Explanation>('lifecycle.bytecode', 'explain', ['BINARY_OP_ADD_INT', 0]);
		expect(add.text).toMatch(/^A specialized form of BINARY_OP, for int \+ int/);
		expect(add.stackEffect).toEqual({ value: -1, arg: 0, of: 'BINARY_OP' });
		expect(add.family).toBe('BINARY_OP');
		expect(add.members).toContain('BINARY_OP_ADD_INT');
		expect(add.members).toContain('BINARY_OP_EXTEND');
		const call = python.call<Explanation>('lifecycle.bytecode', 'explain', ['CALL', 2]);
		expect(call.stackEffect?.value).toBe(-3);
		const setup = python.call<Explanation>('lifecycle.bytecode', 'explain', ['SETUP_FINALLY']);
		expect(setup.stackEffect).toMatchObject({ jump: 1, noJump: 0 });
		expect(
			python.call<Explanation>('lifecycle.bytecode', 'explain', ['NOT_AN_OPCODE']).text
		).toContain('not an opcode');
	});
});
