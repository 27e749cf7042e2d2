import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { HeatMap, LineHeat } from '../widgets/heat-map';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function record(code: string, filename = '<cell 1>', expected = 'ok'): Promise<HeatMap> {
	const result = await python.runCell(code, { filename, recorder: 'heatmap' });
	expect(result.status).toBe(expected);
	python.take();
	const map = python.call<HeatMap | null>('lifecycle.heatmap', 'result', [filename]);
	if (!map) throw new Error('nothing recorded');
	return map;
}

function row(map: HeatMap, line: number): LineHeat {
	const found = map.lines.find((r) => r.line === line);
	if (!found) throw new Error(`line ${line} did not run`);
	return found;
}

const LOOPS = `def square_sum(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

for _ in range(3):
    square_sum(200)
print(square_sum(10))
`;

describe('lifecycle.heatmap', () => {
	it('counts a loop body line exactly once per iteration, in functions and the module (JSON shape pinned)', async () => {
		const map = await record(LOOPS);
		expect(Object.keys(map).sort()).toEqual(
			[
				'available',
				'events',
				'filename',
				'hottest',
				'lines',
				'maxEvents',
				'mostHits',
				'totalSeconds',
				'truncated',
				'wallSeconds',
			].sort()
		);
		expect(Object.keys(map.lines[0] ?? {}).sort()).toEqual(['hits', 'line', 'seconds', 'share']);
		expect(map.available).toBe(true);
		// square_sum runs 4 times: 3 × 200 + 10 iterations of its body.
		expect(row(map, 4).hits).toBe(3 * 200 + 10);
		// The for line: one more check per call, the one that ends the loop.
		expect(row(map, 3).hits).toBe(3 * 201 + 11);
		expect(row(map, 2).hits).toBe(4);
		expect(row(map, 5).hits).toBe(4);
		expect(row(map, 8).hits).toBe(3);
		expect(row(map, 9).hits).toBe(1);
		// The def line runs once (making the function); its body lines are not "run" then.
		expect(row(map, 1).hits).toBe(1);
		expect(map.lines.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 7, 8, 9]);
		expect(map.events).toBe(map.lines.reduce((sum, r) => sum + r.hits, 0));
		expect(map.mostHits).toBe(3);
		expect(map.truncated).toBe(false);
	});

	it('gives every line a share of the time; the shares add up to 1 and the hottest line has the most', async () => {
		const map = await record(LOOPS, '<cell 2>');
		const shares = map.lines.map((r) => r.share);
		expect(shares.every((s) => s >= 0 && s <= 1)).toBe(true);
		expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
		const seconds = map.lines.reduce((sum, r) => sum + r.seconds, 0);
		expect(seconds).toBeCloseTo(map.totalSeconds, 9);
		expect(map.totalSeconds).toBeLessThanOrEqual(map.wallSeconds);
		const hottest = row(map, map.hottest ?? -1);
		expect(hottest.seconds).toBe(Math.max(...map.lines.map((r) => r.seconds)));
	});

	it('watches only the cell’s code: lines of imported modules and the course’s helpers never appear', async () => {
		const map = await record(
			'import json\ntext = json.dumps({"a": [1, 2, 3]})\nback = json.loads(text)\n',
			'<cell 3>'
		);
		expect(map.lines.map((r) => [r.line, r.hits])).toEqual([
			[1, 1],
			[2, 1],
			[3, 1],
		]);
		// The tool id is free again once the run is over.
		expect(
			python.py.runPython(
				'import sys; [sys.monitoring.get_tool(i) for i in range(6)].count("course-heatmap")'
			)
		).toBe(0);
	});

	it('keeps what it counted when the run fails', async () => {
		const map = await record(
			'xs = []\nfor i in range(5):\n    xs.append(10 // (3 - i))\n',
			'<cell 4>',
			'error'
		);
		// The fourth iteration divides by zero: its line ran 4 times.
		expect(row(map, 3).hits).toBe(4);
		expect(row(map, 2).hits).toBe(4);
	});

	it('stops counting at the event budget, keeps the counts, and the program runs on to its end', async () => {
		python.py.runPython('import lifecycle.heatmap as h; h.MAX_EVENTS = 50');
		try {
			const result = await python.runCell('n = 0\nfor i in range(1000):\n    n += 1\nprint(n)\n', {
				filename: '<cell 5>',
				recorder: 'heatmap',
			});
			expect(result.status).toBe('ok');
			expect(python.take()).toBe('1000\n');
			const map = python.call<HeatMap>('lifecycle.heatmap', 'result', ['<cell 5>']);
			expect(map.truncated).toBe(true);
			expect(map.events).toBe(50);
			expect(map.lines.reduce((sum, r) => sum + r.hits, 0)).toBe(50);
			expect(map.lines.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 9);
		} finally {
			python.py.runPython('import lifecycle.heatmap as h; h.MAX_EVENTS = 200_000');
		}
	});
});
