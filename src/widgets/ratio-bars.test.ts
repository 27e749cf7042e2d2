// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { formatRatio, formatSeconds, ratioSentence, render, type BenchData } from './ratio-bars';

const data: BenchData = {
	copies: 10,
	lines: 80,
	chars: 1900,
	pycSize: 3200,
	seconds: 2.1,
	sameBytecode: true,
	output: 'ran\n',
	pairs: [
		{ label: 'Get a code object', a: { name: 'compile(source)', seconds: 0.00742 }, b: { name: 'marshal.loads(pyc[16:])', seconds: 0.000108 }, ratio: 0.00742 / 0.000108, note: 'n1' },
		{ label: 'Run the code object', a: { name: 'exec(compiled)', seconds: 0.000282 }, b: { name: 'exec(unmarshalled)', seconds: 0.00027 }, ratio: 0.000282 / 0.00027, note: 'n2' },
	],
};

describe('ratio bars', () => {
	const view = render(data, { document });

	it('formats durations and ratios', () => {
		expect(formatSeconds(0.00742)).toBe('7.42 ms');
		expect(formatSeconds(0.000108)).toBe('108 µs');
		expect(formatSeconds(1.2)).toBe('1.20 s');
		expect(formatRatio(68.7)).toBe('×69');
		expect(formatRatio(9.36)).toBe('×9.4');
		expect(formatRatio(1.0444)).toBe('×1.04');
	});

	it('says which side is faster, or that they are the same', () => {
		expect(ratioSentence(data.pairs[0]!)).toBe('marshal.loads(pyc[16:]) is ×69 faster than compile(source).');
		expect(ratioSentence(data.pairs[1]!)).toBe('×1.04: the same speed, within the noise of the measurement.');
		expect(ratioSentence({ ...data.pairs[1]!, ratio: 0.25 })).toBe('exec(compiled) is ×4.0 faster than exec(unmarshalled).');
	});

	it('draws two bars per pair, scaled to the slower one, with times and the ratio in text', () => {
		const pairs = [...view.querySelectorAll<HTMLElement>('.ratio-pair')];
		expect(pairs.map((p) => Number(p.dataset['ratio']).toFixed(2))).toEqual(['68.70', '1.04']);
		const fills = [...(pairs[0]?.querySelectorAll<HTMLElement>('.ratio-fill') ?? [])].map((f) => f.style.width);
		expect(fills).toEqual(['100%', '1.46%']);
		expect(pairs[0]?.querySelector('.ratio-value')?.textContent).toBe('×69');
		expect([...(pairs[0]?.querySelectorAll('.ratio-time') ?? [])].map((t) => t.textContent)).toEqual(['7.42 ms', '108 µs']);
		expect(view.querySelector('.bench-caveat')?.textContent).toMatch(/in your browser.*WebAssembly.*noisy.*ratios are what matters/);
		expect(view.querySelector('.bench-meta')?.textContent).toBe('A module of 80 lines (1,900 characters: 10 copies of your code), 3,200 bytes as a .pyc.');
	});

	it('reports a module that could not be measured', () => {
		const broken = render({ ...data, pairs: [], error: 'ValueError: no' }, { document });
		expect(broken.querySelector('.widget-error')?.textContent).toBe('The module could not be measured: ValueError: no');
		expect(broken.querySelector('.ratio-pair')).toBeNull();
	});

	it('matches the snapshot', () => {
		expect(view.outerHTML).toMatchSnapshot();
	});
});
