/**
 * The `cache-bench` widget's drawing: for each measured pair, two horizontal bars (CSS widths relative to the
 * slower of the two) with the times and the ratio written out, so nothing is told by colour or length alone.
 *
 * Data: lifecycle.pyc.cache_bench (src/python/lifecycle/pyc.py).
 */
import { el } from './dom';

export interface Timing {
	name: string;
	seconds: number;
}

export interface BenchPair {
	label: string;
	a: Timing;
	b: Timing;
	ratio: number | null;
	note: string;
}

export interface BenchData {
	copies: number;
	lines: number;
	chars: number;
	pycSize?: number;
	pairs: BenchPair[];
	seconds?: number;
	sameBytecode?: boolean;
	output?: string;
	error?: string;
}

/** A duration with a unit that keeps 3 significant digits: "7.42 ms", "108 µs", "1.20 s". */
export function formatSeconds(seconds: number): string {
	const [value, unit] = seconds >= 1 ? [seconds, 's'] : seconds >= 1e-3 ? [seconds * 1e3, 'ms'] : [seconds * 1e6, 'µs'];
	return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${unit}`;
}

/** "×86", "×9.4", "×1.02" */
export function formatRatio(ratio: number): string {
	return `×${ratio >= 20 ? ratio.toFixed(0) : ratio >= 2 ? ratio.toFixed(1) : ratio.toFixed(2)}`;
}

/** The ratio in words: which side is faster, or that they are the same within the noise. */
export function ratioSentence(pair: BenchPair): string {
	const ratio = pair.ratio;
	if (ratio === null || !Number.isFinite(ratio)) return 'Too fast to compare.';
	if (ratio >= 1.5) return `${pair.b.name} is ${formatRatio(ratio)} faster than ${pair.a.name}.`;
	if (ratio <= 1 / 1.5) return `${pair.a.name} is ${formatRatio(1 / ratio)} faster than ${pair.b.name}.`;
	return `${formatRatio(ratio)}: the same speed, within the noise of the measurement.`;
}

function bar(document: Document, timing: Timing, slowest: number, side: 'a' | 'b'): HTMLElement {
	const percent = slowest > 0 ? Math.max(0.5, (timing.seconds / slowest) * 100) : 0;
	const fill = el(document, 'span', { class: `ratio-fill ratio-fill-${side}` });
	fill.style.width = `${percent.toFixed(2)}%`;
	return el(
		document,
		'div',
		{ class: 'ratio-row', 'data-side': side },
		el(document, 'span', { class: 'ratio-name' }, el(document, 'code', {}, timing.name)),
		el(document, 'span', { class: 'ratio-track', 'aria-hidden': 'true' }, fill),
		el(document, 'span', { class: 'ratio-time' }, formatSeconds(timing.seconds))
	);
}

export function render(data: BenchData, { document }: { document: Document }): HTMLElement {
	const root = el(document, 'div', { class: 'ratio-bars', 'data-cache-bench': '' });
	const size = `A module of ${data.lines} lines (${data.chars.toLocaleString('en')} characters: ${data.copies} ${data.copies === 1 ? 'copy' : 'copies'} of your code)`;
	root.append(el(document, 'p', { class: 'bench-meta' }, data.pycSize ? `${size}, ${data.pycSize.toLocaleString('en')} bytes as a .pyc.` : `${size}.`));
	if (data.error) {
		root.append(el(document, 'p', { class: 'widget-error' }, `The module could not be measured: ${data.error}`));
		return root;
	}
	for (const pair of data.pairs) {
		const slowest = Math.max(pair.a.seconds, pair.b.seconds);
		const figure = el(
			document,
			'figure',
			{ class: 'ratio-pair', 'data-ratio': pair.ratio === null ? '' : String(pair.ratio) },
			el(
				document,
				'figcaption',
				{},
				el(document, 'strong', {}, pair.label),
				' ',
				el(document, 'span', { class: 'ratio-value' }, pair.ratio === null ? '' : formatRatio(pair.ratio))
			),
			bar(document, pair.a, slowest, 'a'),
			bar(document, pair.b, slowest, 'b'),
			el(document, 'p', { class: 'ratio-sentence' }, ratioSentence(pair), ' ', pair.note)
		);
		root.append(figure);
	}
	root.append(
		el(
			document,
			'p',
			{ class: 'widget-note bench-caveat' },
			`Measured just now in your browser: CPython compiled to WebAssembly, best of a few repeats${data.seconds ? ` (${formatSeconds(data.seconds)} in all)` : ''}. Times are noisy and depend on your machine; the ratios are what matters.${data.sameBytecode ? ' Both code objects have the same co_code.' : ''}`
		)
	);
	if (data.output) {
		root.append(
			el(
				document,
				'details',
				{ class: 'bench-output' },
				el(document, 'summary', {}, 'What the module printed (once; the timed runs print nowhere)'),
				el(document, 'pre', { tabindex: '0', 'aria-label': 'Output of the module' }, data.output)
			)
		);
	}
	return root;
}
