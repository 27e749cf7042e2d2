/**
 * The line heat map's rendering (`widget="heatmap"`): the cell's source as a table, one row per line, each row
 * shaded by its share of the time (the hottest line fully), with the hit count, the share and the time written
 * beside it (so nothing is told by colour alone), and a sentence naming the hottest line. Pure DOM building with
 * text nodes.
 *
 * Not src/widgets/source-view.ts's renderSource: that keeps the source one text node for range highlights, while
 * this needs numbers beside every line, which a table row per line gives (and reads well in a screen reader).
 *
 * Data comes from `lifecycle.heatmap.result` (src/python/lifecycle/heatmap.py).
 */
import { el } from './dom';

export interface LineHeat {
	line: number;
	/** LINE events on this line: how many times it started running. */
	hits: number;
	/** Estimated seconds spent on it (see heatmap.py). */
	seconds: number;
	/** seconds / totalSeconds. */
	share: number;
}

export interface HeatMap {
	filename: string;
	/** False when no sys.monitoring tool id was free, so nothing could be recorded. */
	available: boolean;
	lines: LineHeat[];
	events: number;
	maxEvents: number;
	truncated: boolean;
	totalSeconds: number;
	wallSeconds: number;
	hottest: number | null;
	mostHits: number | null;
}

interface Build {
	document: Document;
}

/** Rows drawn; a longer cell is cut (and says so). */
export const MAX_ROWS = 400;

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "0.42 ms", "12.3 ms", "1.20 s", "35 µs": few digits, enough to compare. */
export function formatSeconds(seconds: number): string {
	if (seconds <= 0) return '0 µs';
	if (seconds < 0.9995e-3) return `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 1 : 0)} µs`;
	if (seconds < 1) {
		const ms = seconds * 1e3;
		return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
	}
	return `${seconds.toFixed(2)} s`;
}

/** "62%", "0.4%", "<0.1%", "0%": readable shares that still tell a tiny one from none. */
export function formatShare(share: number): string {
	if (share <= 0) return '0%';
	const percent = share * 100;
	if (percent < 0.1) return '<0.1%';
	if (percent < 10) return `${percent.toFixed(1)}%`;
	return `${Math.round(percent)}%`;
}

/** The sentence under the title: the hottest line, and the busiest if it is another. */
export function summary(map: HeatMap, source: string): string {
	if (!map.available)
		return 'Nothing was recorded: every sys.monitoring tool id was taken (by the program itself?), so the recorder could not watch this run.';
	if (map.lines.length === 0) return 'No line of the cell ran.';
	const text = (line: number) => (source.split('\n')[line - 1] ?? '').trim();
	const parts: string[] = [];
	const hottest = map.lines.find((row) => row.line === map.hottest);
	if (hottest)
		parts.push(
			`The hottest line is line ${hottest.line} (${text(hottest.line)}): about ${formatShare(hottest.share)} of the time (${formatSeconds(hottest.seconds)} of ${formatSeconds(map.totalSeconds)}), run ${plural(hottest.hits, 'time')}.`
		);
	const busiest = map.lines.find((row) => row.line === map.mostHits);
	if (busiest && busiest.line !== hottest?.line)
		parts.push(`Line ${busiest.line} ran most often: ${plural(busiest.hits, 'time')}.`);
	else if (!hottest && busiest)
		parts.push(`Line ${busiest.line} ran most often: ${plural(busiest.hits, 'time')}.`);
	return parts.join(' ');
}

/** How strongly a row is shaded: its share relative to the hottest line's, 0 to 1. */
export function heat(share: number, hottestShare: number): number {
	if (hottestShare <= 0 || share <= 0) return 0;
	return Math.min(1, share / hottestShare);
}

export function renderTable(map: HeatMap, source: string, { document }: Build): HTMLElement {
	const lines = source.replace(/\n$/, '').split('\n');
	const byLine = new Map(map.lines.map((row) => [row.line, row]));
	const hottestShare = Math.max(0, ...map.lines.map((row) => row.share));
	const shown = lines.slice(0, MAX_ROWS);
	const rows = shown.map((text, index) => {
		const number = index + 1;
		const row = byLine.get(number);
		const tr = el(document, 'tr', { 'data-line': String(number) });
		if (row) {
			tr.dataset['hits'] = String(row.hits);
			tr.dataset['share'] = String(row.share);
			tr.style.setProperty('--hm-heat', heat(row.share, hottestShare).toFixed(3));
			if (number === map.hottest) tr.classList.add('hm-hottest');
		}
		const bar = row ? el(document, 'span', { class: 'hm-bar', 'aria-hidden': 'true' }) : null;
		if (bar && row) bar.style.width = `${(heat(row.share, hottestShare) * 100).toFixed(1)}%`;
		tr.append(
			el(document, 'th', { scope: 'row', class: 'hm-lineno' }, [String(number)]),
			el(document, 'td', { class: 'hm-hits' }, [row ? row.hits.toLocaleString('en') : '']),
			el(document, 'td', { class: 'hm-share' }, row ? [formatShare(row.share), bar] : []),
			el(document, 'td', { class: 'hm-time' }, [row ? formatSeconds(row.seconds) : '']),
			el(document, 'td', { class: 'hm-code' }, el(document, 'code', {}, [text]))
		);
		return tr;
	});
	const header = el(
		document,
		'tr',
		{},
		['Line', 'Hits', 'Share', 'Time', 'Source'].map((text) =>
			el(document, 'th', { scope: 'col' }, [text])
		)
	);
	return el(
		document,
		'div',
		{
			class: 'hm-table-box',
			tabindex: '0',
			role: 'region',
			'aria-label': 'Heat map of the source, line by line',
		},
		el(
			document,
			'table',
			{ class: 'hm-table' },
			el(document, 'caption', {}, ['Line by line']),
			el(document, 'thead', {}, header),
			el(document, 'tbody', {}, rows)
		),
		lines.length > shown.length
			? el(document, 'p', { class: 'hm-more' }, [
					`The last ${plural(lines.length - shown.length, 'line')} are not shown.`,
				])
			: null
	);
}

function renderHow({ document }: Build): HTMLElement {
	return el(document, 'p', { class: 'hm-how' }, [
		'How: sys.monitoring (PEP 669) sends a LINE event each time the interpreter starts a line of this cell’s code, so hits are exact; a loop body’s line counts once per iteration, its for line once more. ',
		'Time is an estimate: the time from one LINE event to the next goes to the earlier line, so a line’s time includes the built-ins and modules it called, while functions defined in the cell get their own lines’ time. Lines run very often look slightly hotter (each event costs a little), and the browser’s clock steps by microseconds.',
	]);
}

/** The whole heat map for `source` (the code that ran). */
export function render(map: HeatMap, source: string, { document }: Build): HTMLElement {
	const root = el(document, 'div', { class: 'hm-root', 'data-heatmap': '' });
	root.append(
		el(document, 'p', { class: 'hm-summary', 'data-heatmap-summary': '' }, [summary(map, source)])
	);
	if (!map.available) return root;
	root.append(
		...[
			el(document, 'p', { class: 'hm-facts' }, [
				`${plural(map.events, 'line event')} counted; ${formatSeconds(map.totalSeconds)} shared among the lines, of a ${formatSeconds(map.wallSeconds)} run (the rest went to the recorder's own work).`,
			]),
			map.truncated
				? el(document, 'p', { class: 'hm-truncated' }, [
						`Counting stopped after ${plural(map.maxEvents, 'line event')} to keep the run fast: the numbers cover the start of the run only; the program itself ran on to its end.`,
					])
				: null,
			el(document, 'p', { class: 'hm-key' }, [
				'Hits: how many times a line started running. Share: its estimated part of the time; the stronger a row’s tint, the larger it is, and the hottest line has a bar at its left edge. Blank: no LINE event on that line (it did not run, or has no instructions of its own, like else: or a comment).',
			]),
			renderTable(map, source, { document }),
			renderHow({ document }),
		].filter((part) => part !== null)
	);
	return root;
}
