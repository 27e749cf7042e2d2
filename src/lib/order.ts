/**
 * "Put the steps in order" questions. Pure: the component shuffles at build time (so the page's HTML does not
 * give the answer away), the browser side (src/scripts/quiz-kinds/order.ts) moves steps and grades.
 *
 * A step is known by its index in the correct order, as a string ("0", "1", …): a response is the learner's
 * arrangement as a list of those, top to bottom.
 */
import { fnv1a } from './hash';
import { questionPropsProblem } from './question-props';

/** Small, fast, seedable PRNG (mulberry32): the same id gives the same shuffle on every build. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The order to show `count` steps in: a permutation of 0…count-1 (position → step), deterministic for `id`,
 * and never the correct order when there are two steps or more (the question would answer itself).
 */
export function shuffledOrder(count: number, id: string): number[] {
	const order = Array.from({ length: count }, (_, i) => i);
	const random = seededRandom(Number.parseInt(fnv1a(id), 16));
	for (let i = count - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j] as number, order[i] as number];
	}
	// Fisher-Yates can return the identity (1 time in count!): rotate by one, which never is.
	if (count >= 2 && order.every((step, position) => step === position)) order.push(order.shift() as number);
	return order;
}

/** `order` with the item at `from` moved one place up (-1) or down (+1); unchanged at the ends. */
export function move<T>(order: readonly T[], from: number, direction: -1 | 1): T[] {
	const to = from + direction;
	const next = [...order];
	if (from < 0 || from >= order.length || to < 0 || to >= order.length) return next;
	[next[from], next[to]] = [next[to] as T, next[from] as T];
	return next;
}

export interface OrderGrade {
	correct: boolean;
	/** How many steps sit at their correct position. */
	inPlace: number;
	total: number;
	/** For each position, top to bottom: is the step there the right one. */
	placed: boolean[];
}

/** Grade an arrangement (step ids top to bottom): right when every step is where it belongs. */
export function gradeOrder(response: readonly string[]): OrderGrade {
	const placed = response.map((step, position) => step === String(position));
	const inPlace = placed.filter(Boolean).length;
	return { correct: response.length > 0 && inPlace === response.length, inPlace, total: response.length, placed };
}

/** A saved response fits the question when it holds each of its `count` steps exactly once. */
export function isArrangement(response: readonly string[], count: number): boolean {
	const seen = new Set(response);
	return (
		response.length === count &&
		seen.size === count &&
		response.every((step) => /^\d+$/.test(step) && Number(step) < count)
	);
}

/** The feedback sentence after checking. */
export function orderMessage(grade: OrderGrade): string {
	if (grade.correct) return `Correct: all ${grade.total} steps are in order.`;
	const verb = grade.inPlace === 1 ? 'is' : 'are';
	return `Not quite: ${grade.inPlace} of ${grade.total} steps ${verb} in the right place. Each step is marked below; move the others and check again.`;
}

/** What a screen reader hears after a move. */
export function positionAnnouncement(stepText: string, position: number, total: number): string {
	return `${stepText}: position ${position + 1} of ${total}`;
}

/** Authoring mistakes in an <Order>'s props, or null. */
export function orderPropsProblem(props: object): string | null {
	const problem = questionPropsProblem('Order', props, ['id', 'question', 'explain']);
	if (problem) return problem;
	const { id, question, explain } = props as Record<string, unknown>;
	if (typeof question !== 'string' || question.trim() === '') return `<Order id="${id}"> needs a question="…" prop.`;
	if (typeof explain !== 'string' || explain.trim() === '') return `<Order id="${id}"> needs an explain="…" prop.`;
	return null;
}

/** The marker <Step> starts its markup with, so <Order> can cut its rendered children into steps. */
export const STEP_MARKER = '<li data-order-step';

/**
 * Cut the rendered children of an <Order> into the HTML of each step. Throws when there is anything but
 * <Step> children (other than white space), or fewer than two steps.
 */
export function splitSteps(html: string, id: string): string[] {
	const [before = '', ...steps] = html.split(STEP_MARKER);
	if (before.trim() !== '') {
		throw new Error(`<Order id="${id}"> may only contain <Step> children; found ${JSON.stringify(before.trim().slice(0, 60))}.`);
	}
	if (steps.length < 2) throw new Error(`<Order id="${id}"> needs at least two <Step> children; it has ${steps.length}.`);
	return steps.map((step) => STEP_MARKER + step.trimEnd());
}

/** A step's plain text, for button names at build time: tags dropped, entities kept as written, spaces collapsed. */
export function stepText(html: string): string {
	return html
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}
