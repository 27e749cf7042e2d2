// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { bytesOf, fieldRuler, headerFields, legendRows, renderHexDump, renderPyc, wireFieldHighlight, type PycData } from './hex-view';

// The first 24 bytes of a real timestamp pyc (Pyodide 314.0.7): magic, flags 0, mtime, size 76, then marshal data.
const timestampHex = '2b0e0d0a00000000cdea056b4c000000e300000000000000';
const data: PycData = {
	mode: 'timestamp',
	folder: '/tmp/pyc-lab/1',
	sourcePath: '/tmp/pyc-lab/1/lab_module.py',
	sourceSize: 76,
	before: ['lab_module.py'],
	after: ['__pycache__/', '__pycache__/lab_module.cpython-314.pyc', 'lab_module.py'],
	pycPath: '/tmp/pyc-lab/1/__pycache__/lab_module.cpython-314.pyc',
	cacheTag: 'cpython-314',
	size: 24,
	hex: timestampHex,
	truncated: false,
	header: {
		magic: { hex: '2b 0e 0d 0a', number: 3627, expectedHex: '2b 0e 0d 0a', matches: true },
		flags: { hex: '00 00 00 00', value: 0, hashBased: false, checkSource: false },
		mtime: { hex: 'cd ea 05 6b', value: 1795549901, iso: '2026-11-24T19:51:41+00:00', stat: 1795549901 },
		size: { hex: '4c 00 00 00', value: 76, stat: 76 },
	},
	code: { co_name: '<module>', co_filename: '/tmp/pyc-lab/1/lab_module.py', co_consts: ["'hi'", 'None'], co_names: ['print'], sameAsCompile: true },
	run: { ok: true, error: null, output: 'hi\n' },
	fs: { calls: [{ op: 'write', path: '/tmp/pyc-lab/1/__pycache__/x.pyc', bytes: 24 }], dropped: 0 },
};

describe('hex dump', () => {
	it('reads hex into bytes', () => {
		expect(bytesOf('2b0e0d0a')).toEqual([0x2b, 0x0e, 0x0d, 0x0a]);
	});

	it('draws rows of 16 bytes with offsets and ASCII, header bytes grouped by field', () => {
		const dump = renderHexDump(timestampHex, headerFields(data.header!), { document, label: 'bytes' });
		const rows = [...dump.querySelectorAll('.hex-row')].map((r) => r.textContent);
		expect(rows[0]).toBe('00000000  2b 0e 0d 0a 00 00 00 00 cd ea 05 6b 4c 00 00 00  |+..........kL...|\n');
		expect(rows[1]).toBe(`00000010  e3 00 00 00 00 00 00 00${' '.repeat(24)}  |........|\n`);
		const fields = [...dump.querySelectorAll<HTMLElement>('.hex-field')];
		expect(fields.map((f) => [f.dataset['pycField'], f.textContent])).toEqual([
			['magic', '2b 0e 0d 0a'],
			['flags', '00 00 00 00'],
			['mtime', 'cd ea 05 6b'],
			['size', '4c 00 00 00'],
		]);
		expect(fields.every((f) => f.tabIndex === 0)).toBe(true);
		expect(fields[0]?.getAttribute('aria-label')).toBe('magic number, bytes 0 to 3: 2b 0e 0d 0a');
		expect(dump.querySelector('.hex-ruler')?.textContent).toBe('          └magic      └flags      └mtime      └size\n');
	});

	it('names a hash pyc\'s bytes 8-15 as one field', () => {
		const fields = headerFields({ ...data.header!, flags: { hex: '03 00 00 00', value: 3, hashBased: true, checkSource: true } });
		expect(fields.map((f) => f.name)).toEqual(['magic', 'flags', 'hash']);
		expect(fieldRuler(fields, 0, 16)).toBe('          └magic      └flags      └hash\n');
		expect(fieldRuler(fields, 16, 32)).toBeNull();
	});

	it('decodes every header field in the legend', () => {
		const rows = legendRows(data.header!);
		expect(rows.map((r) => r.field)).toEqual(['magic', 'flags', 'mtime', 'size']);
		expect(rows[0]?.value).toContain('3627');
		expect(rows[1]?.value).toBe('0: bit 0 (hash-based) = 0, bit 1 (check_source) = 0 → timestamp pyc');
		expect(rows[2]?.value).toBe('1795549901 = 2026-11-24T19:51:41+00:00; os.stat: 1795549901 (equal)');
		expect(rows[3]?.value).toBe('76 bytes; os.stat: 76 (equal)');
		const hashed = legendRows({
			...data.header!,
			flags: { hex: '01 00 00 00', value: 1, hashBased: true, checkSource: false },
			hash: { hex: '27 52', sourceHash: '27 52' },
		});
		expect(hashed.find((r) => r.field === 'flags')?.value).toContain('unchecked hash pyc');
		expect(hashed.find((r) => r.field === 'hash')?.value).toContain('equal');
	});
});

describe('pyc report', () => {
	it('links legend rows and header bytes both ways on focus and hover', () => {
		const view = renderPyc(data, { document });
		document.body.replaceChildren(view);
		wireFieldHighlight(view);
		const legendFlags = view.querySelector<HTMLElement>('.pyc-legend tr[data-pyc-field="flags"]');
		const bytesFlags = view.querySelector<HTMLElement>('.hex-field[data-pyc-field="flags"]');
		legendFlags?.focus();
		expect(bytesFlags?.classList.contains('is-active')).toBe(true);
		expect(view.querySelectorAll('.is-active')).toHaveLength(2);
		legendFlags?.blur();
		expect(view.querySelectorAll('.is-active')).toHaveLength(0);
		const magic = view.querySelector<HTMLElement>('.hex-field[data-pyc-field="magic"]');
		magic?.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, screenX: 10, screenY: 10 }));
		expect(view.querySelector('.pyc-legend tr[data-pyc-field="magic"]')?.classList.contains('is-active')).toBe(true);
	});

	it('shows the folder before and after, the loaded code and its output', () => {
		const view = renderPyc(data, { document });
		expect([...view.querySelectorAll('.pyc-listing')].map((l) => l.textContent)).toEqual([
			'Folder beforelab_module.py',
			'Folder after__pycache__/__pycache__/lab_module.cpython-314.pyclab_module.py',
		]);
		expect(view.querySelector('.pyc-output')?.textContent).toBe('hi\n');
		expect(view.querySelector('.pyc-fs')?.textContent).toBe('write …/__pycache__/x.pyc (24 bytes)');
		expect(view.dataset['mode']).toBe('timestamp');
	});

	it('shows an error with the calls made', () => {
		const view = renderPyc({ mode: 'timestamp', folder: '/tmp/x', before: [], error: 'SyntaxError: nope', fs: { calls: [], dropped: 0 } }, { document });
		expect(view.querySelector('.widget-error')?.textContent).toBe('SyntaxError: nope');
		expect(view.querySelector('.hex-view')).toBeNull();
	});

	it('matches the snapshot', () => {
		expect(renderPyc(data, { document }).outerHTML).toMatchSnapshot();
	});
});
