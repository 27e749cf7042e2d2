import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output-buffer';
import type { OutputPart } from '../python/protocol';

function setup(options: { limit: number; flushChars?: number; flushMs?: number }) {
	let time = 0;
	const batches: OutputPart[][] = [];
	const buffer = new OutputBuffer((parts) => batches.push(parts), { ...options, now: () => time });
	return { buffer, batches, advance: (ms: number) => (time += ms) };
}

describe('OutputBuffer', () => {
	it('holds small writes until flushed, merging the same stream', () => {
		const { buffer, batches } = setup({ limit: 1000 });
		buffer.write('stdout', 'a');
		buffer.write('stdout', 'b');
		buffer.write('stderr', 'c');
		expect(batches).toEqual([]);
		buffer.flush();
		expect(batches).toEqual([[{ stream: 'stdout', text: 'ab' }, { stream: 'stderr', text: 'c' }]]);
	});

	it('sends a batch once enough characters are waiting', () => {
		const { buffer, batches } = setup({ limit: 1000, flushChars: 4 });
		buffer.write('stdout', 'ab');
		buffer.write('stdout', 'cd');
		expect(batches).toEqual([[{ stream: 'stdout', text: 'abcd' }]]);
	});

	it('sends a batch once enough time has passed, even for tiny writes', () => {
		const { buffer, batches, advance } = setup({ limit: 1000, flushMs: 50 });
		buffer.write('stdout', 'a');
		advance(60);
		buffer.write('stdout', 'b');
		expect(batches).toEqual([[{ stream: 'stdout', text: 'ab' }]]);
	});

	it('caps a flood: a million lines become a few messages and a truncation flag', () => {
		const { buffer, batches } = setup({ limit: 100_000 });
		for (let i = 0; i < 1_000_000; i++) buffer.write('stdout', `${i}\n`);
		buffer.flush();
		const kept = batches.flat().reduce((sum, part) => sum + part.text.length, 0);
		expect(kept).toBe(100_000);
		expect(buffer.truncated).toBe(true);
		expect(batches.length).toBeLessThan(20);
	});

	it('is not truncated when output fits exactly', () => {
		const { buffer } = setup({ limit: 3 });
		buffer.write('stdout', 'abc');
		expect(buffer.truncated).toBe(false);
		buffer.write('stdout', 'd');
		expect(buffer.truncated).toBe(true);
	});
});
