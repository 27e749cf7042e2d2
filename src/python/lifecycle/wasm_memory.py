"""Sample the WebAssembly memory while a cell runs (the `wasm-memory` widget).

Native CPython asks the operating system for memory (`mmap`, `brk`) and can give it back (`munmap`). In Pyodide,
CPython and everything it allocates live inside one WebAssembly memory, which grows in 64 KiB pages
(`memory.grow`) and has no way to shrink. Under Python's objects sits C's `malloc` (Pyodide's CPython is built
without pymalloc, so every object is a malloc block): freeing an object returns its block to malloc, which keeps it
for reuse; the pages stay.

The size comes from the real memory, through the worker's JavaScript module `lifecycle_wasm`
(src/python/wasm-memory.ts): the byte length of Emscripten's heap, and malloc's own figures (`mallinfo()`: bytes in
use, bytes free for reuse). The runner calls `start(code, filename)` just before the cell runs and `stop()` just
after (widget recorder "wasm_memory"). In between, sys.monitoring LINE events on the cell's own code objects (the
module and every function or class body in it) take a sample when enough time has passed since the last one.

Bounded: reading the size costs microseconds, so it is checked at most every QUICK_INTERVAL; a sample is stored
whenever the size changed (a growth, at the line that caused it), and otherwise when enough time has passed.
`mallinfo()` walks malloc's blocks (about a millisecond per few hundred thousand), so after each full sample the
next waits at least COST_FACTOR times as long as that sample took: sampling stays a small share of the run. At most
MAX_SAMPLES are kept: when full, every other sample is dropped (samples where the memory grew are kept) and the
interval doubles.
"""

import sys
import time

try:
    import lifecycle_wasm as _js
except ImportError:  # pragma: no cover - only without the JavaScript side
    _js = None

PAGE_BYTES = 65536
MAX_SAMPLES = 200
MIN_INTERVAL = 0.001  # seconds between full samples, at the start
QUICK_INTERVAL = 0.0002  # seconds between checks of the size alone
COST_FACTOR = 4  # wait at least this many times a sample's cost before the next: sampling stays under a fifth

# filename -> the finished record of that cell's last recorded run.
_records = {}
_active = None


def _read():
    """(WebAssembly bytes, malloc in use, malloc free, malloc arena), or zeros without the JavaScript side."""
    if _js is None:
        return 0, 0, 0, 0
    wasm = int(_js.byteLength())
    info = _js.mallinfo()
    if info is None:
        return wasm, 0, 0, 0
    return wasm, int(info.inUse), int(info.free), int(info.arena)


def _code_objects(code):
    """`code` and every code object nested in it (functions, classes, comprehensions defined in the cell)."""
    found = [code]
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            found.extend(_code_objects(const))
    return found


class _Recording:
    def __init__(self, filename):
        self.filename = filename
        self.started = time.perf_counter()
        self.samples = []
        self.interval = MIN_INTERVAL
        self.next_at = 0.0
        self.next_check = 0.0
        self.last_bytes = 0
        self.last_line = None
        self.thinned = 0
        self.tool = None
        self.codes = []

    def sample(self, event, line):
        began = time.perf_counter()
        wasm, in_use, free, arena = _read()
        now = time.perf_counter()
        self.last_bytes = wasm
        self.samples.append(
            {
                "ms": round((began - self.started) * 1000, 3),
                "event": event,
                "line": line,
                "wasmBytes": wasm,
                "mallocInUse": in_use,
                "mallocFree": free,
                "mallocArena": arena,
            }
        )
        self.next_at = now + max(self.interval, (now - began) * COST_FACTOR)
        if len(self.samples) >= MAX_SAMPLES:
            self.thin()

    def thin(self):
        """Halve the samples: keep the first, the last, and every sample where the memory grew; then every other."""
        kept = []
        for index, sample in enumerate(self.samples):
            grew = index > 0 and sample["wasmBytes"] != self.samples[index - 1]["wasmBytes"]
            if index == 0 or index == len(self.samples) - 1 or grew or index % 2 == 0:
                kept.append(sample)
        if len(kept) >= MAX_SAMPLES:  # growth everywhere: keep the newest half of them
            kept = kept[:1] + kept[-(MAX_SAMPLES // 2) :]
        self.thinned += len(self.samples) - len(kept)
        self.samples = kept
        self.interval *= 2


def _on_line(code, line):
    recording = _active
    if recording is None:
        return
    now = time.perf_counter()
    if now >= recording.next_check:
        recording.next_check = now + QUICK_INTERVAL
        grew = _js is not None and int(_js.byteLength()) != recording.last_bytes
        if grew or now >= recording.next_at:
            # The line that just finished (the one before this event) is the likeliest cause of a change.
            recording.sample("line", recording.last_line if recording.last_line is not None else line)
    recording.last_line = line


def start(code, filename):
    """Begin sampling the memory during the run of `code` (compiled from `filename`)."""
    global _active
    stop()
    recording = _Recording(filename)
    _records[filename] = None
    monitoring = sys.monitoring
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is not None:
        monitoring.use_tool_id(tool, "course-wasm-memory")
        monitoring.register_callback(tool, monitoring.events.LINE, _on_line)
        recording.codes = _code_objects(code)
        for each in recording.codes:
            monitoring.set_local_events(tool, each, monitoring.events.LINE)
        recording.tool = tool
    recording.sample("start", None)
    _active = recording


def stop():
    """End the recording, however the run ended."""
    global _active
    recording = _active
    _active = None
    if recording is None:
        return
    if recording.tool is not None:
        monitoring = sys.monitoring
        for each in recording.codes:
            monitoring.set_local_events(recording.tool, each, 0)
        monitoring.register_callback(recording.tool, monitoring.events.LINE, None)
        monitoring.free_tool_id(recording.tool)
    recording.sample("end", recording.last_line)
    samples = recording.samples
    first, last = samples[0], samples[-1]
    growths = []
    for before, after in zip(samples, samples[1:]):
        if after["wasmBytes"] > before["wasmBytes"]:
            growths.append(
                {
                    "ms": after["ms"],
                    "line": after["line"],
                    "fromBytes": before["wasmBytes"],
                    "toBytes": after["wasmBytes"],
                    "pages": (after["wasmBytes"] - before["wasmBytes"]) // PAGE_BYTES,
                }
            )
    _records[recording.filename] = {
        "filename": recording.filename,
        "available": _js is not None,
        "pageBytes": PAGE_BYTES,
        "maxBytes": int(_js.maxByteLength()) if _js is not None else 0,
        "durationMs": last["ms"],
        "samples": samples,
        "thinned": recording.thinned,
        "maxSamples": MAX_SAMPLES,
        "growths": growths,
        "startBytes": first["wasmBytes"],
        "endBytes": last["wasmBytes"],
        "peakBytes": max(s["wasmBytes"] for s in samples),
        "mallocPeak": max(s["mallocInUse"] for s in samples),
        "shrank": any(b["wasmBytes"] < a["wasmBytes"] for a, b in zip(samples, samples[1:])),
    }


def result(filename):
    """The memory samples of the last recorded run of `filename` (None if it was not recorded):
    {filename, available, pageBytes, maxBytes, durationMs, samples: [{ms, event: 'start'|'line'|'end', line,
    wasmBytes, mallocInUse, mallocFree, mallocArena}], thinned, maxSamples, growths: [{ms, line, fromBytes,
    toBytes, pages}], startBytes, endBytes, peakBytes, mallocPeak, shrank}."""
    return _records.get(filename)


def now():
    """The memory right now: {wasmBytes, pages, maxBytes, mallocInUse, mallocFree, mallocArena} (for lesson cells)."""
    wasm, in_use, free, arena = _read()
    return {
        "wasmBytes": wasm,
        "pages": wasm // PAGE_BYTES,
        "maxBytes": int(_js.maxByteLength()) if _js is not None else 0,
        "mallocInUse": in_use,
        "mallocFree": free,
        "mallocArena": arena,
    }
