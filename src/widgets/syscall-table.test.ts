// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	describePath,
	formatBytes,
	groupByPath,
	render,
	renderView,
	sequence,
	summaryText,
	TABLE_ROWS,
	type SyscallCall,
	type SyscallTrace,
} from './syscall-table';

function trace(calls: SyscallCall[], dropped = 0): SyscallTrace {
	const counts: Record<string, number> = {};
	for (const call of calls) counts[call.op] = (counts[call.op] ?? 0) + 1;
	const sum = (op: string) =>
		calls.filter((c) => c.op === op).reduce((s, c) => s + (c.bytes ?? 0), 0);
	return {
		filename: '<cell 2>',
		calls,
		dropped,
		available: true,
		summary: {
			total: calls.length + dropped,
			counts,
			bytesRead: sum('read'),
			bytesWritten: sum('write'),
			ms: calls.reduce((s, c) => s + c.ms, 0),
			paths: new Set(calls.map((c) => c.path)).size,
		},
	};
}

// The shape of a real trace (src/python/syscalls.test.ts): write a module, then import it.
const IMPORT: SyscallCall[] = [
	{ op: 'open', path: '/tmp/demo/greet.py', ms: 0.04 },
	{ op: 'write', path: '/tmp/demo/greet.py', bytes: 29, ms: 0.07 },
	{ op: 'close', path: '/tmp/demo/greet.py', ms: 0.003 },
	{ op: 'stat', path: '/tmp/demo', ms: 0.02 },
	{ op: 'stat', path: '/tmp/demo', ms: 0.005 },
	{ op: 'open', path: '/tmp/demo', ms: 0.01 },
	{ op: 'readdir', path: '/tmp/demo', ms: 0.02 },
	{ op: 'close', path: '/tmp/demo', ms: 0.002 },
	{ op: 'stat', path: '/tmp/demo/greet.py', ms: 0.009 },
	{ op: 'open', path: '/tmp/demo/greet.py', ms: 0.01 },
	{ op: 'read', path: '/tmp/demo/greet.py', bytes: 29, ms: 0.015 },
	{ op: 'read', path: '/tmp/demo/greet.py', bytes: 0, ms: 0.003 },
	{ op: 'close', path: '/tmp/demo/greet.py', ms: 0.001 },
	{ op: 'read', path: '/lib/python314.zip', bytes: 131072, ms: 0.02 },
];

describe('syscall table', () => {
	it('renders one row per call carrying data-syscall, path and bytes (snapshot)', () => {
		const root = render(trace(IMPORT), { document });
		const rows = [...root.querySelectorAll('tr[data-syscall]')];
		expect(rows).toHaveLength(IMPORT.length);
		expect(rows.map((r) => r.getAttribute('data-syscall'))).toEqual(IMPORT.map((c) => c.op));
		expect(rows[1]?.getAttribute('data-path')).toBe('/tmp/demo/greet.py');
		expect(rows[1]?.querySelector('[data-bytes]')?.textContent).toBe('29 B');
		expect(root.querySelector('[data-syscall-summary]')?.textContent).toBe(
			'14 file-system calls on 3 paths: 3 open, 3 stat, 3 read, 1 write, 3 close, 1 readdir. 128.0 KiB read, 29 B written, 0.23 ms in the calls.'
		);
		// The glossary explains exactly the operations present.
		expect([...root.querySelectorAll('.sys-glossary dt')].map((d) => d.textContent)).toEqual([
			'open',
			'stat',
			'read',
			'write',
			'close',
			'readdir',
		]);
		expect([...root.querySelectorAll('select option')].map((o) => o.getAttribute('value'))).toEqual([
			'all',
			'open',
			'stat',
			'read',
			'write',
			'close',
			'readdir',
		]);
		expect(root.outerHTML).toMatchSnapshot();
	});

	it('groups calls by path, in the order first touched, with repeats folded (snapshot)', () => {
		const view = renderView(trace(IMPORT), { view: 'paths', op: 'all' }, { document });
		const rows = [...view.querySelectorAll('tr[data-path-row]')];
		expect(rows.map((r) => r.getAttribute('data-path-row'))).toEqual([
			'/tmp/demo/greet.py',
			'/tmp/demo',
			'/lib/python314.zip',
		]);
		expect(rows[0]?.textContent).toContain('open, write, close, stat, open, read ×2, close');
		expect(rows[1]?.textContent).toContain('a folder');
		expect(rows[2]?.textContent).toContain('the standard library, a zip archive');
		expect(view.outerHTML).toMatchSnapshot();
	});

	it('filters by operation', () => {
		const view = renderView(trace(IMPORT), { view: 'calls', op: 'read' }, { document });
		const rows = [...view.querySelectorAll('tr[data-syscall]')];
		expect(rows.map((r) => r.getAttribute('data-syscall'))).toEqual(['read', 'read', 'read']);
		// Numbers stay those of the whole trace, so a filtered row can be found in the full list.
		expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(['11', '12', '14']);
	});

	it('caps the rows and says how many were not listed and how many the tracer dropped', () => {
		const many = Array.from({ length: TABLE_ROWS + 5 }, (): SyscallCall => ({
			op: 'stat',
			path: '/tmp',
			ms: 0,
		}));
		const root = render(trace(many, 7), { document });
		expect(root.querySelectorAll('tr[data-syscall]')).toHaveLength(TABLE_ROWS);
		expect(root.querySelector('[data-syscall-more]')?.textContent).toBe(
			`5 more calls not listed (the first ${TABLE_ROWS} are). The tracer kept the first ${TABLE_ROWS + 5} calls; 7 later calls were counted but not recorded.`
		);
	});

	it('says so when the run touched no file', () => {
		const root = render(trace([]), { document });
		expect(root.querySelector('table')).toBeNull();
		expect(summaryText(trace([]))).toMatch(/^No file-system calls/);
	});

	it('formats bytes, folds sequences and names paths', () => {
		expect(formatBytes(29)).toBe('29 B');
		expect(formatBytes(131072)).toBe('128 KiB');
		expect(formatBytes(1536)).toBe('1.5 KiB');
		expect(sequence(['stat', 'stat', 'open', 'lseek', 'lseek', 'lseek'])).toBe(
			'stat ×2, open, lseek ×3'
		);
		expect(describePath('/tmp/m/__pycache__/greet.cpython-314.pyc', ['write'])).toBe(
			'bytecode cache (.pyc)'
		);
		expect(describePath('/tmp/m/greet.py', ['read'])).toBe('Python source');
		expect(groupByPath(IMPORT, { view: 'paths', op: 'write' })).toHaveLength(1);
	});
});
