/**
 * The size of the WebAssembly memory CPython lives in, read from the real memory: Emscripten's module keeps views
 * (`HEAP8`, …) over the one `WebAssembly.Memory`, and replaces them whenever the memory grows, so reading
 * `HEAP8.buffer.byteLength` at each call gives the size now. The memory grows in 64 KiB pages and can never
 * shrink (WebAssembly has `memory.grow` and no instruction to give pages back).
 *
 * Python reaches it as the module `lifecycle_wasm` (see lifecycle/wasm_memory.py). Pyodide does not type its
 * Emscripten module (`pyodide._module`), so the few fields used are declared here.
 */

/** WebAssembly's page: every memory size is a whole number of these. */
export const WASM_PAGE_BYTES = 65536;

interface EmscriptenModule {
	HEAP8?: { buffer: ArrayBufferLike };
	HEAP32?: Int32Array;
	getHeapMax?: () => number;
	_mallinfo?: (into: number) => void;
	withStackSave?: <T>(fn: () => T) => T;
	stackAlloc?: (bytes: number) => number;
}

/** What C's allocator (Emscripten's dlmalloc) says about the memory it manages inside the WebAssembly memory. */
export interface MallocInfo {
	/** Bytes malloc has taken from the WebAssembly memory (`arena`). */
	arena: number;
	/** Bytes handed out by malloc and not yet freed (`uordblks`): Python's objects live here. */
	inUse: number;
	/** Bytes malloc holds ready for reuse (`fordblks`). */
	free: number;
}

export interface WasmMemory {
	/** Bytes of WebAssembly memory right now (a multiple of 64 KiB). */
	byteLength(): number;
	/** The most the memory may grow to (Emscripten's limit; just under 4 GiB for wasm32), or 0 if unknown. */
	maxByteLength(): number;
	/**
	 * C's `mallinfo()`, or null where the module does not export it. It walks malloc's chunks, so it costs about a
	 * millisecond per few hundred thousand live blocks: callers sample it sparingly.
	 */
	mallinfo(): MallocInfo | null;
}

/** `struct mallinfo` is ten C ints; these are the indexes of the fields used. */
const MALLINFO_INTS = 10;
const ARENA = 0;
const UORDBLKS = 7;
const FORDBLKS = 8;

export function createWasmMemory(module: unknown): WasmMemory {
	const emscripten = (module ?? {}) as EmscriptenModule;
	return {
		byteLength: () => emscripten.HEAP8?.buffer.byteLength ?? 0,
		maxByteLength: () =>
			typeof emscripten.getHeapMax === 'function' ? emscripten.getHeapMax() : 0,
		mallinfo: () => {
			const { _mallinfo, withStackSave, stackAlloc } = emscripten;
			if (!_mallinfo || !withStackSave || !stackAlloc) return null;
			// wasm32 returns a struct through a hidden pointer: room for it on the C stack, freed on return. The
			// fields are C ints; read them unsigned so sizes over 2 GiB stay positive.
			return withStackSave(() => {
				const at = stackAlloc(MALLINFO_INTS * 4);
				_mallinfo(at);
				const ints = emscripten.HEAP32;
				if (!ints) return null;
				const base = at >> 2;
				return {
					arena: (ints[base + ARENA] ?? 0) >>> 0,
					inUse: (ints[base + UORDBLKS] ?? 0) >>> 0,
					free: (ints[base + FORDBLKS] ?? 0) >>> 0,
				};
			});
		},
	};
}
