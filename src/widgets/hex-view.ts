/**
 * The `pyc` widget's drawing: a hex dump of the .pyc (offset, 16 bytes a row, ASCII) whose 16-byte header is
 * grouped by field, a legend table decoding each field, the folder before and after, the unmarshalled code
 * object and the file-system calls. Hovering or focusing a field's bytes highlights its legend row and back
 * (`wireFieldHighlight`).
 *
 * Data: lifecycle.pyc.write_pyc (src/python/lifecycle/pyc.py). Header layout (PEP 552): bytes 0-3 magic number,
 * 4-7 flags (bit 0 hash-based, bit 1 check_source), 8-15 either source mtime (8-11) and size (12-15), or the
 * 8-byte source hash.
 */
import { el } from './dom';

export interface HexField {
	name: string;
	start: number;
	end: number;
	label: string;
}

export interface PycHeader {
	magic: { hex: string; number: number; expectedHex: string; matches: boolean };
	flags: { hex: string; value: number; hashBased: boolean; checkSource: boolean };
	mtime?: { hex: string; value: number; iso: string; stat: number };
	size?: { hex: string; value: number; stat: number };
	hash?: { hex: string; sourceHash: string };
}

export interface PycData {
	mode: string;
	folder: string;
	sourcePath?: string;
	sourceSize?: number;
	before: string[];
	after?: string[];
	pycPath?: string;
	cacheTag?: string;
	size?: number;
	hex?: string;
	truncated?: boolean;
	header?: PycHeader;
	code?: { co_name: string; co_filename: string; co_consts: string[]; co_names: string[]; sameAsCompile: boolean };
	run?: { ok: boolean; error: string | null; output: string };
	fs?: { calls: { op: string; path: string; bytes?: number }[]; dropped: number };
	error?: string;
}

/** Rows drawn at most; a bigger file says how much is left out. */
export const MAX_ROWS = 1024;

/** Bytes from a hex string without separators ("2b0e0d0a…"). */
export function bytesOf(hex: string): number[] {
	const bytes: number[] = [];
	for (let i = 0; i + 1 < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
	return bytes;
}

function hexByte(byte: number): string {
	return byte.toString(16).padStart(2, '0');
}

function asciiOf(byte: number): string {
	return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** The header's fields for this pyc: mtime and size, or the source hash, as the flags say. */
export function headerFields(header: PycHeader): HexField[] {
	const fields: HexField[] = [
		{ name: 'magic', start: 0, end: 4, label: 'magic number' },
		{ name: 'flags', start: 4, end: 8, label: 'flags' },
	];
	if (header.flags.hashBased) fields.push({ name: 'hash', start: 8, end: 16, label: 'source hash' });
	else fields.push({ name: 'mtime', start: 8, end: 12, label: 'source mtime' }, { name: 'size', start: 12, end: 16, label: 'source size' });
	return fields;
}

/**
 * A line under a row naming the fields in it, each name under the field's first byte ("magic       flags …"), so
 * the fields are told apart by words as well as by colour. Null for a row without fields.
 */
export function fieldRuler(fields: readonly HexField[], base: number, end: number): string | null {
	const inRow = fields.filter((f) => f.start >= base && f.start < end);
	if (inRow.length === 0) return null;
	let text = ' '.repeat(10);
	for (const field of inRow) {
		const column = 10 + (field.start - base) * 3;
		if (text.length < column) text += ' '.repeat(column - text.length);
		const room = (Math.min(field.end, end) - field.start) * 3 - 1;
		text += `└${field.name}`.padEnd(room + 1, ' ').slice(0, room + 1);
	}
	return `${text.trimEnd()}\n`;
}

/**
 * The hex dump: a <pre> of rows "offset  16 bytes  |ascii|". Bytes inside a field are wrapped in one focusable
 * span per field (data-pyc-field), so the field can be highlighted and reached by keyboard.
 */
export function renderHexDump(
	hex: string,
	fields: readonly HexField[],
	{ document, label, totalSize }: { document: Document; label: string; totalSize?: number }
): HTMLElement {
	const bytes = bytesOf(hex);
	const pre = el(document, 'pre', { class: 'hex-rows' });
	const rows = Math.min(Math.ceil(bytes.length / 16), MAX_ROWS);
	for (let row = 0; row < rows; row += 1) {
		const base = row * 16;
		const line = el(document, 'span', { class: 'hex-row' });
		line.append(el(document, 'span', { class: 'hex-offset' }, base.toString(16).padStart(8, '0')), '  ');
		let col = base;
		const end = Math.min(base + 16, bytes.length);
		while (col < end) {
			const field = fields.find((f) => f.start <= col && col < f.end);
			if (field) {
				const stop = Math.min(field.end, end);
				const text = bytes.slice(col, stop).map(hexByte).join(' ');
				line.append(
					el(
						document,
						'span',
						{
							class: 'hex-field',
							'data-pyc-field': field.name,
							tabindex: '0',
							'aria-label': `${field.label}, bytes ${field.start} to ${field.end - 1}: ${text}`,
						},
						text
					)
				);
				col = stop;
			} else {
				line.append(hexByte(bytes[col] ?? 0));
				col += 1;
			}
			if (col < end) line.append(' ');
		}
		line.append(' '.repeat((16 - (end - base)) * 3), '  |', bytes.slice(base, end).map(asciiOf).join(''), '|\n');
		pre.append(line);
		const ruler = fieldRuler(fields, base, end);
		if (ruler) pre.append(el(document, 'span', { class: 'hex-ruler', 'aria-hidden': 'true' }, ruler));
	}
	const box = el(document, 'div', { class: 'hex-view', tabindex: '0', role: 'region', 'aria-label': label }, pre);
	const size = totalSize ?? bytes.length;
	if (rows * 16 < size) {
		box.append(el(document, 'p', { class: 'widget-note' }, `First ${rows * 16} of ${size} bytes shown.`));
	}
	return box;
}

interface LegendRow {
	field: string;
	bytes: string;
	offsets: string;
	meaning: string;
	value: string;
}

function flagsText(flags: PycHeader['flags']): string {
	const bits = `bit 0 (hash-based) = ${flags.hashBased ? 1 : 0}, bit 1 (check_source) = ${flags.checkSource ? 1 : 0}`;
	const kind = !flags.hashBased ? 'timestamp pyc' : flags.checkSource ? 'checked hash pyc' : 'unchecked hash pyc';
	return `${flags.value}: ${bits} → ${kind}`;
}

export function legendRows(header: PycHeader): LegendRow[] {
	const rows: LegendRow[] = [
		{
			field: 'magic',
			bytes: header.magic.hex,
			offsets: '0–3',
			meaning: 'Magic number: which bytecode format (changes with every CPython version). The last two bytes are \\r\\n.',
			value: `${header.magic.number} (little-endian in the first 2 bytes); importlib.util.MAGIC_NUMBER = ${header.magic.expectedHex}: ${header.magic.matches ? 'matches' : 'DIFFERENT'}`,
		},
		{
			field: 'flags',
			bytes: header.flags.hex,
			offsets: '4–7',
			meaning: 'Flags (PEP 552): how the cache is checked against the source.',
			value: flagsText(header.flags),
		},
	];
	if (header.hash) {
		rows.push({
			field: 'hash',
			bytes: header.hash.hex,
			offsets: '8–15',
			meaning: header.flags.checkSource
				? 'SipHash of the source bytes; import re-hashes the source and compares.'
				: 'SipHash of the source bytes; import trusts the .pyc without reading the source.',
			value: `importlib.util.source_hash(source) = ${header.hash.sourceHash}: ${header.hash.hex === header.hash.sourceHash ? 'equal' : 'different'}`,
		});
	}
	if (header.mtime) {
		rows.push({
			field: 'mtime',
			bytes: header.mtime.hex,
			offsets: '8–11',
			meaning: "Source file's modification time (seconds since 1970, little-endian).",
			value: `${header.mtime.value} = ${header.mtime.iso}; os.stat: ${header.mtime.stat}${header.mtime.value === header.mtime.stat ? ' (equal)' : ''}`,
		});
	}
	if (header.size) {
		rows.push({
			field: 'size',
			bytes: header.size.hex,
			offsets: '12–15',
			meaning: "Source file's size in bytes; import compares mtime and size with the source.",
			value: `${header.size.value} bytes; os.stat: ${header.size.stat}${header.size.value === header.size.stat ? ' (equal)' : ''}`,
		});
	}
	return rows;
}

export function renderLegend(header: PycHeader, { document }: { document: Document }): HTMLElement {
	const body = el(document, 'tbody');
	for (const row of legendRows(header)) {
		body.append(
			el(
				document,
				'tr',
				{ 'data-pyc-field': row.field, tabindex: '0' },
				el(document, 'th', { scope: 'row' }, row.field),
				el(document, 'td', { 'data-label': 'Bytes' }, row.offsets),
				el(document, 'td', { 'data-label': 'Hex' }, el(document, 'code', {}, row.bytes)),
				el(document, 'td', { 'data-label': 'Value' }, row.value),
				el(document, 'td', { 'data-label': 'Meaning' }, row.meaning)
			)
		);
	}
	body.append(
		el(
			document,
			'tr',
			{},
			el(document, 'th', { scope: 'row' }, 'body'),
			el(document, 'td', { 'data-label': 'Bytes' }, '16–'),
			el(document, 'td', { 'data-label': 'Hex' }, '…'),
			el(document, 'td', { 'data-label': 'Value' }, 'marshal data'),
			el(document, 'td', { 'data-label': 'Meaning' }, 'The module\'s code object, serialized by marshal.dumps: marshal.loads(data[16:]) gives it back.')
		)
	);
	return el(
		document,
		'div',
		{ class: 'widget-scroll', tabindex: '0', role: 'region', 'aria-label': 'The header, decoded' },
		el(
			document,
			'table',
			{ class: 'widget-table pyc-legend' },
			el(document, 'caption', {}, 'The 16-byte header, decoded (focus a row to highlight its bytes)'),
			el(
				document,
				'thead',
				{},
				el(
					document,
					'tr',
					{},
					el(document, 'th', { scope: 'col' }, 'Field'),
					el(document, 'th', { scope: 'col' }, 'Bytes'),
					el(document, 'th', { scope: 'col' }, 'Hex'),
					el(document, 'th', { scope: 'col' }, 'Value'),
					el(document, 'th', { scope: 'col' }, 'Meaning')
				)
			),
			body
		)
	);
}

const MODE_NAMES: Record<string, string> = {
	timestamp: 'timestamp (the default: SourceFileLoader, as import does)',
	'checked-hash': 'checked hash (py_compile, PycInvalidationMode.CHECKED_HASH)',
	'unchecked-hash': 'unchecked hash (py_compile, PycInvalidationMode.UNCHECKED_HASH)',
};

function listing(document: Document, title: string, entries: readonly string[]): HTMLElement {
	return el(
		document,
		'div',
		{ class: 'pyc-listing' },
		el(document, 'p', { class: 'pyc-listing-title' }, title),
		el(document, 'ul', {}, ...entries.map((entry) => el(document, 'li', {}, el(document, 'code', {}, entry))))
	);
}

function fsCalls(document: Document, fs: NonNullable<PycData['fs']>, folder: string): HTMLElement {
	const list = el(document, 'ol', { class: 'pyc-fs' });
	for (const call of fs.calls) {
		const path = call.path.startsWith(folder) ? `…${call.path.slice(folder.length)}` : call.path;
		list.append(el(document, 'li', {}, el(document, 'code', {}, `${call.op} ${path}${call.bytes !== undefined ? ` (${call.bytes} bytes)` : ''}`)));
	}
	return el(
		document,
		'details',
		{ class: 'pyc-fs-details' },
		el(document, 'summary', {}, `${fs.calls.length} file-system calls made while writing the .pyc${fs.dropped ? ` (+${fs.dropped} not kept)` : ''}`),
		el(document, 'p', { class: 'widget-note' }, `Paths start with … for ${folder}.`),
		list
	);
}

/** The whole pyc report below the mode control. */
export function renderPyc(data: PycData, { document }: { document: Document }): HTMLElement {
	const root = el(document, 'div', { class: 'pyc-view', 'data-pyc': '', 'data-mode': data.mode });
	if (data.error || !data.header || !data.hex || !data.code || !data.run) {
		root.append(el(document, 'p', { class: 'widget-error' }, data.error ?? 'Nothing to show.'));
		if (data.fs) root.append(fsCalls(document, data.fs, data.folder));
		return root;
	}
	const fields = headerFields(data.header);
	root.append(
		el(
			document,
			'p',
			{ class: 'pyc-summary' },
			`Mode: ${MODE_NAMES[data.mode] ?? data.mode}. Wrote `,
			el(document, 'code', {}, data.pycPath ?? ''),
			`: ${data.size} bytes = 16-byte header + ${(data.size ?? 16) - 16} bytes of marshal data, for ${data.sourceSize} bytes of source.`
		),
		el(document, 'div', { class: 'pyc-listings' }, listing(document, 'Folder before', data.before), listing(document, 'Folder after', data.after ?? [])),
		renderHexDump(data.hex, fields, { document, label: `Bytes of ${data.pycPath ?? 'the .pyc'}`, totalSize: data.size ?? 0 }),
		renderLegend(data.header, { document }),
		el(document, 'h5', {}, 'marshal.loads(data[16:])'),
		el(
			document,
			'ul',
			{ class: 'pyc-code' },
			el(document, 'li', {}, 'co_name: ', el(document, 'code', {}, `'${data.code.co_name}'`)),
			el(document, 'li', {}, 'co_consts: ', el(document, 'code', {}, `(${data.code.co_consts.join(', ')})`)),
			el(document, 'li', {}, 'co_names: ', el(document, 'code', {}, `(${data.code.co_names.map((n) => `'${n}'`).join(', ')})`)),
			el(document, 'li', {}, `Same bytecode as compile() of the source: ${data.code.sameAsCompile ? 'yes' : 'no'}`)
		),
		el(
			document,
			'p',
			{},
			data.run.ok ? 'exec() of the loaded code object ran; it printed:' : `exec() of the loaded code object raised ${data.run.error}; it printed:`
		),
		el(document, 'pre', { class: 'pyc-output', tabindex: '0', 'aria-label': 'Output of the loaded module' }, data.run.output || '(nothing)')
	);
	if (data.fs) root.append(fsCalls(document, data.fs, data.folder));
	return root;
}

/** Hovering or focusing anything that carries data-pyc-field highlights everything with the same field. */
export function wireFieldHighlight(root: HTMLElement): void {
	const set = (field: string | null) => {
		for (const node of root.querySelectorAll<HTMLElement>('[data-pyc-field]')) {
			node.classList.toggle('is-active', field !== null && node.dataset['pycField'] === field);
		}
	};
	const fieldOf = (target: EventTarget | null) =>
		target instanceof Element ? (target.closest<HTMLElement>('[data-pyc-field]')?.dataset['pycField'] ?? null) : null;
	const focused = () => {
		const active = root.ownerDocument.activeElement;
		return active && root.contains(active) ? fieldOf(active) : null;
	};
	// The last thing the learner did wins: focusing a field, or moving the pointer onto another one. Only a real
	// pointer move counts: when the page scrolls or grows under a resting pointer, the browser sends mouseover
	// (and may send a mousemove at the same coordinates), which must not undo a keyboard choice.
	let hovered: string | null | undefined;
	let at = '';
	root.addEventListener('mousemove', (event) => {
		const here = `${event.screenX},${event.screenY}`;
		if (here === at) return;
		at = here;
		const field = fieldOf(event.target);
		if (field === hovered) return;
		hovered = field;
		set(field ?? focused());
	});
	root.addEventListener('mouseleave', () => {
		hovered = undefined;
		set(focused());
	});
	root.addEventListener('focusin', (event) => set(fieldOf(event.target)));
	root.addEventListener('focusout', (event) => set(fieldOf(event.relatedTarget)));
}
