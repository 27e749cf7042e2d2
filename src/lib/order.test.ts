import { describe, expect, it } from 'vitest';
import {
	gradeOrder,
	isArrangement,
	move,
	orderMessage,
	orderPropsProblem,
	positionAnnouncement,
	shuffledOrder,
	splitSteps,
	stepText,
} from './order';

const isIdentity = (order: number[]) => order.every((step, position) => step === position);

describe('shuffledOrder', () => {
	it('is a permutation, the same for the same id', () => {
		const order = shuffledOrder(5, 'pipeline-steps');
		expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
		expect(shuffledOrder(5, 'pipeline-steps')).toEqual(order);
	});

	it('differs between ids', () => {
		const orders = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => shuffledOrder(6, id).join()));
		expect(orders.size).toBeGreaterThan(1);
	});

	it('never shows the correct order for two steps or more', () => {
		// Two steps have only one non-identity order, so half of all ids hit the fallback: all must avoid it.
		for (let n = 2; n <= 6; n++) {
			for (let k = 0; k < 500; k++) expect(isIdentity(shuffledOrder(n, `q-${n}-${k}`)), `n=${n} id q-${n}-${k}`).toBe(false);
		}
		expect(shuffledOrder(2, 'x')).toEqual([1, 0]);
	});

	it('leaves zero or one step alone', () => {
		expect(shuffledOrder(0, 'x')).toEqual([]);
		expect(shuffledOrder(1, 'x')).toEqual([0]);
	});
});

describe('move', () => {
	it('swaps with the neighbour and stays put at the ends', () => {
		expect(move(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
		expect(move(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
		expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
		expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
	});
	it('does not change its input', () => {
		const order = ['a', 'b'];
		move(order, 0, 1);
		expect(order).toEqual(['a', 'b']);
	});
});

describe('gradeOrder', () => {
	it('is right only when every step is in place', () => {
		expect(gradeOrder(['0', '1', '2'])).toEqual({ correct: true, inPlace: 3, total: 3, placed: [true, true, true] });
		expect(gradeOrder(['0', '2', '1'])).toEqual({ correct: false, inPlace: 1, total: 3, placed: [true, false, false] });
		expect(gradeOrder([]).correct).toBe(false);
	});
	it('says how many are in place', () => {
		expect(orderMessage(gradeOrder(['0', '2', '1']))).toBe(
			'Not quite: 1 of 3 steps is in the right place. Each step is marked below; move the others and check again.'
		);
		expect(orderMessage(gradeOrder(['1', '0', '2', '4', '3']))).toContain('1 of 5 steps is');
		expect(orderMessage(gradeOrder(['2', '1', '0', '3']))).toContain('2 of 4 steps are');
		expect(orderMessage(gradeOrder(['0', '1']))).toBe('Correct: all 2 steps are in order.');
	});
});

describe('isArrangement', () => {
	it('accepts each step once and refuses anything else', () => {
		expect(isArrangement(['2', '0', '1'], 3)).toBe(true);
		expect(isArrangement(['0', '1'], 3)).toBe(false);
		expect(isArrangement(['0', '0', '1'], 3)).toBe(false);
		expect(isArrangement(['0', '1', '3'], 3)).toBe(false);
		expect(isArrangement(['0', '1', 'x'], 3)).toBe(false);
	});
});

describe('build-time helpers', () => {
	it('announces a position in words', () => {
		expect(positionAnnouncement('Parse the tokens', 1, 5)).toBe('Parse the tokens: position 2 of 5');
	});
	it('checks props', () => {
		expect(orderPropsProblem({ id: 'steps', question: 'Q?', explain: 'E' })).toBeNull();
		expect(orderPropsProblem({ id: 'steps', explain: 'E' })).toBe('<Order id="steps"> needs a question="…" prop.');
		expect(orderPropsProblem({ id: 'steps', question: 'Q?' })).toBe('<Order id="steps"> needs an explain="…" prop.');
		expect(orderPropsProblem({ id: 'steps', question: 'Q?', explain: 'E', shuffle: false })).toContain('unknown prop "shuffle"');
		expect(orderPropsProblem({ id: 'Steps', question: 'Q?', explain: 'E' })).toContain('kebab-case');
	});
	it('cuts rendered children into steps and refuses anything else', () => {
		const html = '\n<li data-order-step="x">A</li>\n<li data-order-step="x"><p>B</p></li>\n';
		expect(splitSteps(html, 'q')).toEqual(['<li data-order-step="x">A</li>', '<li data-order-step="x"><p>B</p></li>']);
		expect(() => splitSteps('<p>stray</p><li data-order-step="x">A</li><li data-order-step="x">B</li>', 'q')).toThrow(
			'<Order id="q"> may only contain <Step> children; found "<p>stray</p>".'
		);
		expect(() => splitSteps('<li data-order-step="x">A</li>', 'q')).toThrow('needs at least two <Step> children; it has 1');
	});
	it('takes a step’s text without tags', () => {
		expect(stepText('<p>Run <code>compile()</code>\n  on the  tree</p>')).toBe('Run compile() on the tree');
	});
});
