import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { MemoryRecord, MemorySample } from '../widgets/memory-chart';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function record(code: string, filename = '<cell 1>'): Promise<MemoryRecord> {
	const result = await python.runCell(code, { filename, recorder: 'wasm_memory' });
	expect(result.status).toBe('ok');
	python.take();
	const memory = python.call<MemoryRecord | null>('lifecycle.wasm_memory', 'result', [filename]);
	if (!memory) throw new Error('nothing recorded');
	return memory;
}

/** The real WebAssembly memory's size, read straight from Emscripten's module (not through the helper). */
function realBytes(): number {
	return (python.py as unknown as { _module: { HEAP8: Int8Array } })._module.HEAP8.buffer
		.byteLength;
}

/** Run `body` with the recorder's limits changed, then put the defaults back. */
async function withSettings(
	settings: Record<string, number>,
	body: () => Promise<void>
): Promise<void> {
	const assign = (values: Record<string, number>) =>
		python.py.runPython(
			`import lifecycle.wasm_memory as w\n${Object.entries(values)
				.map(([k, v]) => `w.${k} = ${v}`)
				.join('\n')}`
		);
	assign(settings);
	try {
		await body();
	} finally {
		assign({ MAX_SAMPLES: 200, MIN_INTERVAL: 0.001, COST_FACTOR: 4 });
	}
}

// 48 MB in 1 MB blocks is more than the memory has free at the start, so it must grow.
const GROW_THEN_FREE = `chunks = []
for i in range(48):
    chunks.append(bytearray(1_000_000))
del chunks
after = 1
`;

describe('lifecycle.wasm_memory', () => {
	it('samples the real memory growing while the code allocates (JSON shape pinned)', async () => {
		const before = realBytes();
		const memory = await record(GROW_THEN_FREE);
		expect(Object.keys(memory).sort()).toEqual(
			[
				'available',
				'durationMs',
				'endBytes',
				'filename',
				'growths',
				'mallocPeak',
				'maxBytes',
				'maxSamples',
				'pageBytes',
				'peakBytes',
				'samples',
				'shrank',
				'startBytes',
				'thinned',
			].sort()
		);
		const first = memory.samples[0] as MemorySample;
		expect(Object.keys(first).sort()).toEqual(
			['event', 'line', 'mallocArena', 'mallocFree', 'mallocInUse', 'ms', 'wasmBytes'].sort()
		);
		expect(memory.available).toBe(true);
		expect(memory.pageBytes).toBe(65536);
		expect(memory.startBytes).toBe(before);
		expect(memory.endBytes).toBe(realBytes());
		expect(memory.endBytes).toBeGreaterThan(memory.startBytes);
		// Whole pages, always.
		for (const sample of memory.samples) expect(sample.wasmBytes % 65536).toBe(0);
		expect(memory.samples.map((s) => s.event)).toEqual([
			'start',
			...memory.samples.slice(1, -1).map(() => 'line'),
			'end',
		]);
		const times = memory.samples.map((s) => s.ms);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		// Growths happened on the allocating line, each a whole number of pages.
		expect(memory.growths.length).toBeGreaterThanOrEqual(1);
		for (const growth of memory.growths) {
			expect(growth.line).toBe(3);
			expect(growth.toBytes - growth.fromBytes).toBe(growth.pages * 65536);
		}
		expect(memory.maxBytes).toBeGreaterThan(memory.endBytes);
	});

	it('never shrinks after del, while malloc’s bytes in use go back down', async () => {
		// Twice as much as the first test, so the memory (which kept its size) must grow again.
		const memory = await record(GROW_THEN_FREE.replace('range(48)', 'range(96)'), '<cell 2>');
		expect(memory.growths.length).toBeGreaterThanOrEqual(1);
		const sizes = memory.samples.map((s) => s.wasmBytes);
		expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
		expect(memory.shrank).toBe(false);
		expect(memory.peakBytes).toBe(memory.endBytes);
		const last = memory.samples.at(-1) as MemorySample;
		// The 96 blocks were freed: in use drops well below the peak, and malloc keeps the space as free.
		expect(memory.mallocPeak - last.mallocInUse).toBeGreaterThan(40_000_000);
		expect(last.mallocFree).toBeGreaterThan(40_000_000);
		expect(last.mallocArena).toBeLessThanOrEqual(last.wasmBytes);
	});

	it('keeps a bounded number of samples for a long run, growths included', async () => {
		await withSettings({ MAX_SAMPLES: 20, MIN_INTERVAL: 0, COST_FACTOR: 0 }, async () => {
			const memory = await record(
				'total = 0\nfor i in range(1_000):\n    total += i\n',
				'<cell 3>'
			);
			expect(memory.samples.length).toBeLessThanOrEqual(20);
			expect(memory.thinned).toBeGreaterThan(0);
			expect(memory.samples[0]?.event).toBe('start');
			expect(memory.samples.at(-1)?.event).toBe('end');
		});
	});

	it('samples lines inside functions the cell defines, and frees its monitoring tool', async () => {
		let lines: (number | null)[] = [];
		await withSettings({ MIN_INTERVAL: 0, COST_FACTOR: 0 }, async () => {
			const memory = await record(
				'def build():\n    return [bytearray(100_000) for _ in range(50)]\n\ndata = build()\n',
				'<cell 4>'
			);
			lines = memory.samples.map((s) => s.line);
		});
		expect(lines).toContain(2);
		expect(
			python.py.runPython(
				'import sys; [sys.monitoring.get_tool(i) for i in range(6)].count("course-wasm-memory")'
			)
		).toBe(0);
	});

	it('reads the memory now, for lesson cells', () => {
		const now = python.call<{
			wasmBytes: number;
			pages: number;
			maxBytes: number;
			mallocInUse: number;
		}>('lifecycle.wasm_memory', 'now');
		expect(now.wasmBytes).toBe(realBytes());
		expect(now.pages).toBe(now.wasmBytes / 65536);
		expect(now.mallocInUse).toBeGreaterThan(0);
		expect(now.maxBytes).toBe(4 * 1024 ** 3 - 65536);
	});
});
