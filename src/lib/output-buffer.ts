/**
 * Batches a run's output and caps it.
 *
 * Why: posting every `print` as its own message froze the page for about 115 s on a million lines
 * (runtime-notes, "Output flooding"). The worker is busy running Python, so timers cannot fire during a run:
 * the decision to flush is made on each write, by size and by the time since the last flush.
 *
 * Past `limit` characters the rest of the run's output is dropped and `truncated` becomes true.
 */
import { mergeParts, type OutputPart } from '../python/protocol';

export interface OutputBufferOptions {
	/** Characters kept per run. */
	limit: number;
	/** Flush when this many characters are waiting. */
	flushChars?: number;
	/** Flush when this many milliseconds have passed since the last flush. */
	flushMs?: number;
	/** Clock, replaceable in tests. */
	now?: () => number;
}

export class OutputBuffer {
	#pending: OutputPart[] = [];
	#pendingChars = 0;
	#kept = 0;
	#lastFlush: number;
	#truncated = false;
	readonly #limit: number;
	readonly #flushChars: number;
	readonly #flushMs: number;
	readonly #now: () => number;
	readonly #send: (parts: OutputPart[]) => void;

	constructor(send: (parts: OutputPart[]) => void, options: OutputBufferOptions) {
		this.#send = send;
		this.#limit = options.limit;
		this.#flushChars = options.flushChars ?? 8192;
		this.#flushMs = options.flushMs ?? 50;
		this.#now = options.now ?? (() => performance.now());
		this.#lastFlush = this.#now();
	}

	/** True once output past the limit was dropped. */
	get truncated(): boolean {
		return this.#truncated;
	}

	/** Add text from one stream; sends a batch when enough has gathered or enough time has passed. */
	write(stream: OutputPart['stream'], text: string): void {
		if (text === '') return;
		const room = this.#limit - this.#kept;
		if (room <= 0) {
			this.#truncated = true;
			return;
		}
		const kept = text.length > room ? text.slice(0, room) : text;
		if (kept.length < text.length) this.#truncated = true;
		this.#kept += kept.length;
		this.#pending.push({ stream, text: kept });
		this.#pendingChars += kept.length;
		if (this.#pendingChars >= this.#flushChars || this.#now() - this.#lastFlush >= this.#flushMs) {
			this.flush();
		}
	}

	/** Send whatever is waiting, merged by stream. */
	flush(): void {
		this.#lastFlush = this.#now();
		if (this.#pending.length === 0) return;
		const parts = mergeParts(this.#pending);
		this.#pending = [];
		this.#pendingChars = 0;
		this.#send(parts);
	}
}
