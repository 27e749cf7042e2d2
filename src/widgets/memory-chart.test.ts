// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	formatBytes,
	niceTop,
	render,
	summaryText,
	TABLE_ROWS,
	type Growth,
	type MemoryRecord,
	type MemorySample,
} from './memory-chart';

const MiB = 1024 * 1024;
const PAGE = 65536;

function sample(
	ms: number,
	wasmMiB: number,
	inUseMiB: number,
	extra: Partial<MemorySample> = {}
): MemorySample {
	return {
		ms,
		event: 'line',
		line: 3,
		wasmBytes: wasmMiB * MiB,
		mallocInUse: inUseMiB * MiB,
		mallocFree: (wasmMiB - inUseMiB - 20) * MiB,
		mallocArena: (wasmMiB - 20) * MiB,
		...extra,
	};
}

// The shape of a real run (src/python/wasm_memory.test.ts): 48 MB allocated in a loop, then deleted.
const SAMPLES = [
	sample(0.5, 30, 8, { event: 'start', line: null }),
	sample(6.5, 36, 14),
	sample(11.4, 43, 21),
	sample(28.9, 75, 56),
	sample(30.5, 75, 8, { event: 'end', line: 4 }),
];

function growthsOf(samples: MemorySample[]): Growth[] {
	return samples.slice(1).flatMap((after, index) => {
		const before = samples[index] as MemorySample;
		return after.wasmBytes > before.wasmBytes
			? [
					{
						ms: after.ms,
						line: after.line,
						fromBytes: before.wasmBytes,
						toBytes: after.wasmBytes,
						pages: (after.wasmBytes - before.wasmBytes) / PAGE,
					},
				]
			: [];
	});
}

function memory(
	samples: MemorySample[] = SAMPLES,
	extra: Partial<MemoryRecord> = {}
): MemoryRecord {
	return {
		filename: '<cell 5>',
		available: true,
		pageBytes: PAGE,
		maxBytes: 4 * 1024 * MiB - PAGE,
		durationMs: samples.at(-1)?.ms ?? 0,
		samples,
		thinned: 0,
		maxSamples: 200,
		growths: growthsOf(samples),
		startBytes: samples[0]?.wasmBytes ?? 0,
		endBytes: samples.at(-1)?.wasmBytes ?? 0,
		peakBytes: Math.max(...samples.map((s) => s.wasmBytes)),
		mallocPeak: Math.max(...samples.map((s) => s.mallocInUse)),
		shrank: false,
		...extra,
	};
}

describe('memory chart', () => {
	it('summarises the growth in pages and says it never shrank (snapshot)', () => {
		const root = render(memory(), { document });
		expect(root.querySelector('[data-memory-summary]')?.textContent).toBe(
			'WebAssembly memory: 30.0 MiB (480 pages) at the start, 75.0 MiB (1,200 pages) at the end: it grew 3 times by 720 pages (45.0 MiB), and never shrank.'
		);
		expect(root.getAttribute('data-growths')).toBe('3');
		expect(root.getAttribute('data-shrank')).toBe('false');
		expect(root.textContent).toContain('at most 56.0 MiB when sampled, 8.0 MiB at the end');
		expect(root.outerHTML).toMatchSnapshot();
	});

	it('draws both lines as steps over the run, a mark per growth, labelled for screen readers', () => {
		const root = render(memory(), { document });
		const chart = root.querySelector('svg') as SVGSVGElement;
		expect(chart.getAttribute('role')).toBe('img');
		expect(chart.getAttribute('aria-label')).toContain('from 30.0 MiB to 75.0 MiB, only rising');
		const wasm = chart.querySelector('.mc-wasm')?.getAttribute('d') ?? '';
		// One move, then a horizontal and a vertical step per later sample.
		expect(wasm.match(/H/g)).toHaveLength(SAMPLES.length - 1);
		expect(chart.querySelectorAll('[data-growth-mark]')).toHaveLength(3);
		// The y axis tops at a round figure above the peak.
		expect([...chart.querySelectorAll('.mc-grid text')].at(-1)?.textContent).toBe('100 MiB');
	});

	it('lists the start, each growth with its line and pages, and the end in a table', () => {
		const root = render(memory(), { document });
		const rows = [...root.querySelectorAll('tbody tr')];
		expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
			'Start',
			'Growth 1',
			'Growth 2',
			'Growth 3',
			'End',
		]);
		expect(rows[1]?.getAttribute('data-pages')).toBe('96');
		expect(rows[1]?.textContent).toContain('after line 3');
		expect(rows.at(-1)?.textContent).toContain('+720 pages in all');
	});

	it('says when the memory did not grow, and caps the growth rows', () => {
		const flat = [
			sample(0, 75, 8, { event: 'start', line: null }),
			sample(3, 75, 9, { event: 'end' }),
		];
		expect(summaryText(memory(flat))).toContain(
			'did not grow: malloc found room in memory it already had'
		);
		const steps = Array.from({ length: TABLE_ROWS + 3 }, (_, i) => sample(i, 30 + i, 8));
		const root = render(memory(steps), { document });
		expect(root.querySelectorAll('tr[data-growth]')).toHaveLength(TABLE_ROWS);
		expect(root.querySelector('.mc-more')?.textContent).toBe('and 2 more growths not listed.');
	});

	it('formats sizes and picks round axis tops', () => {
		expect(formatBytes(30 * MiB)).toBe('30.0 MiB');
		expect(formatBytes(512 * 1024)).toBe('512 KiB');
		expect(niceTop(75 * MiB)).toBe(100 * MiB);
		expect(niceTop(180 * MiB)).toBe(200 * MiB);
		expect(niceTop(3 * MiB)).toBe(5 * MiB);
	});
});
