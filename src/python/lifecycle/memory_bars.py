"""Measure what each zero-argument function of a cell keeps alive (the `memory-bars` widget).

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after (widget recorder
"memory_bars"). While the cell's module code runs, nothing is measured: a sys.monitoring PY_RETURN event on the
module's own code object notes, at the moment the cell finishes, every function the cell defined at top level
that can be called with no arguments (in definition order, at most MAX_FUNCTIONS). `stop()` then calls each one
and measures, with `tracemalloc`:

- kept: traced memory after the call, with the result still referenced, minus traced memory before it (after a
  `gc.collect()` on both sides, so unreachable cycles do not count): what the result, and anything else the call
  left behind, keeps alive;
- peak: the highest traced memory during the call, minus the memory before it;
- shallow: `sys.getsizeof(result)`, the result object alone, not what it refers to.

Measuring costs a few bytes itself (the integers it reads back, the guard's objects): the same measurement of a
function that allocates nothing is subtracted from kept and peak, so a function returning a cached small integer
keeps 0 bytes.

Each function is called twice: once to warm up (a class's first instance builds its shared key table, a first
call may import or fill a cache) with its result dropped, then once measured. Both calls run under a budget: a
sys.monitoring guard on the cell's own code objects raises `MeasureBudgetExceeded` (a BaseException, so the
learner's `except Exception` does not swallow it) past SECONDS_PER_FUNCTION or MEMORY_BUDGET bytes. Loops running
in C (`sum(range(10**10))`) see no events; the learner's Stop and the cell's time limit still end those.

Measuring in `stop()` instead of in the event callback matters: inside a monitoring callback no monitoring event
fires, so the guard would be deaf; `stop()` still runs inside the cell's run, so Stop interrupts it too (the
KeyboardInterrupt is caught here and reported, because raising out of the runner's `finally` would crash the
worker).

`tracemalloc` may already be tracing (the learner's code started it): then it is left tracing, its traces are
kept, and only its peak is reset before each call (`tracemalloc.reset_peak`). Otherwise it is started for the
measurement and stopped after. Anything the functions print is discarded: the cell's output stays the program's.

Pyodide 314.0.7 is CPython 3.14.2 for wasm32: pointers are 4 bytes, so every size is smaller than on a 64-bit
desktop build, and it is built without pymalloc (every allocation is a plain malloc), which tracemalloc traces all
the same.
"""

import gc
import inspect
import io
import struct
import sys
import time
import tracemalloc
import types
from contextlib import redirect_stderr, redirect_stdout

MAX_FUNCTIONS = 8
SECONDS_PER_FUNCTION = 1.5
TOTAL_SECONDS = 5.0
MEMORY_BUDGET = 64 * 1024 * 1024
TOOL_NAME = "course-memory-bars"

_records = {}
_active = None

_ASYNC_FLAGS = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


class MeasureBudgetExceeded(BaseException):
    """Raised into a measured function that runs past its time or memory budget."""

    def __init__(self, which):
        super().__init__(which)
        self.which = which


class _Recording:
    def __init__(self, code, filename):
        self.code = code
        self.filename = filename
        self.tool = None
        self.finished = False
        self.candidates = []  # [(name, function)]
        self.skipped = []  # [{name, reason}]
        self.codes = _code_objects(code)
        # The guard's state during one call.
        self.deadline = None
        self.memory_start = 0


def _code_objects(code):
    """The module's code object and every code object nested in it (functions, classes, comprehensions)."""
    found = [code]
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found.extend(_code_objects(const))
    return found


def _takes_no_arguments(function):
    try:
        inspect.signature(function).bind()
    except (TypeError, ValueError):
        return False
    return True


def _choose(namespace, filename):
    """The cell's own top-level functions callable with no arguments, in definition order (namespace order)."""
    candidates, skipped = [], []
    for name, value in list(namespace.items()):
        if not isinstance(value, types.FunctionType) or value.__code__.co_filename != filename:
            continue
        if name.startswith("__") and name.endswith("__"):
            continue
        if value.__code__.co_flags & _ASYNC_FLAGS:
            skipped.append({"name": name, "reason": "async"})
        elif not _takes_no_arguments(value):
            skipped.append({"name": name, "reason": "needs arguments"})
        elif len(candidates) >= MAX_FUNCTIONS:
            skipped.append({"name": name, "reason": "over the limit"})
        else:
            candidates.append((name, value))
    return candidates, skipped


def _on_return(code, offset, retval):
    """The cell's module code is returning: note the functions it defined (nothing is called here)."""
    rec = _active
    if rec is None or code is not rec.code:
        return None
    frame = sys._getframe(1)
    rec.candidates, rec.skipped = _choose(frame.f_globals, rec.filename)
    rec.finished = True
    return sys.monitoring.DISABLE


def _guard(*args):
    """Budget check on every Python call, resume and backward jump of the cell's code during a measured call."""
    rec = _active
    if rec is None or rec.deadline is None:
        return None
    if time.perf_counter() > rec.deadline:
        rec.deadline = None
        raise MeasureBudgetExceeded("time")
    if tracemalloc.get_traced_memory()[0] - rec.memory_start > MEMORY_BUDGET:
        rec.deadline = None
        raise MeasureBudgetExceeded("memory")
    return None


_GUARD_EVENTS = ("PY_START", "PY_RESUME", "JUMP")


def start(code, filename):
    """Before the cell runs: listen for the end of its module code."""
    global _active
    monitoring = sys.monitoring
    rec = _Recording(code, filename)
    _records.pop(filename, None)
    _active = rec
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:
        return
    rec.tool = tool
    monitoring.use_tool_id(tool, TOOL_NAME)
    monitoring.register_callback(tool, monitoring.events.PY_RETURN, _on_return)
    monitoring.set_local_events(tool, code, monitoring.events.PY_RETURN)


def _release_tool(rec):
    monitoring = sys.monitoring
    if rec.tool is None:
        return
    for code in rec.codes + [_nothing.__code__]:
        monitoring.set_local_events(rec.tool, code, 0)
    for event in ("PY_RETURN",) + _GUARD_EVENTS:
        monitoring.register_callback(rec.tool, getattr(monitoring.events, event), None)
    monitoring.free_tool_id(rec.tool)
    rec.tool = None


def _arm_guard(rec):
    """Watch the cell's own code objects for calls, resumes and loops (set before any measuring starts, so the
    bookkeeping sys.monitoring allocates for them is not counted)."""
    monitoring = sys.monitoring
    if rec.tool is None:
        return
    events = 0
    for event in _GUARD_EVENTS:
        flag = getattr(monitoring.events, event)
        monitoring.register_callback(rec.tool, flag, _guard)
        events |= flag
    for code in rec.codes + [_nothing.__code__]:
        monitoring.set_local_events(rec.tool, code, events)


def _describe(value):
    """Type name and, for an object whose length is computed in C (list, dict, str, array…), its length; a
    learner's own __len__ is not called, so describing the result runs none of their code."""
    kind = type(value).__name__
    length_of = getattr(type(value), "__len__", None)
    if length_of is None or isinstance(length_of, types.FunctionType):
        return kind, None
    try:
        return kind, len(value)
    except Exception:  # noqa: BLE001
        return kind, None


def _shallow(value):
    try:
        return sys.getsizeof(value)
    except Exception:  # noqa: BLE001 - a learner's __sizeof__ may raise
        return None


def _call(rec, function):
    """Call `function` under the budget (the deadline is already set); return its result, or raise what it
    raised."""
    rec.memory_start = tracemalloc.get_traced_memory()[0]
    return function()


def _measure_call(rec, function):
    """(kept, peak, result) of one warmed-up call of `function`, before the overhead is subtracted.

    The full collections around the readings also empty CPython's free lists (freed small objects kept for
    reuse, which tracemalloc still counts): the reading's own tuple and integers are freed for real before the
    call starts, so the call cannot reuse them for free, and whatever the call freed is gone before `after`."""
    # Warm-up: first-call costs (a class's shared keys, caches, imports) are not the result's.
    warm = _call(rec, function)
    del warm
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    rec.memory_start = before
    gc.collect()
    tracemalloc.reset_peak()
    result = function()
    if not tracemalloc.is_tracing():
        raise RuntimeError("the function stopped tracemalloc, so nothing could be measured")
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    return after - before, peak - before, result


def _nothing():
    return None


def _overhead(rec):
    """What measuring costs by itself (the integers the measurement holds, the guard's own objects): the figures
    of a function that allocates nothing (the least of three tries), subtracted from every measurement."""
    tries = []
    for _ in range(3):
        rec.deadline = time.perf_counter() + SECONDS_PER_FUNCTION
        try:
            kept, peak, _ = _measure_call(rec, _nothing)
        finally:
            rec.deadline = None
        tries.append((kept, peak))
    return min(kept for kept, _ in tries), min(peak for _, peak in tries)


def _measure_one(rec, name, function, overhead):
    row = {
        "name": name,
        "line": function.__code__.co_firstlineno,
        "generator": bool(function.__code__.co_flags & inspect.CO_GENERATOR),
        "resultType": None,
        "resultLength": None,
        "shallow": None,
        "kept": None,
        "peak": None,
        "error": None,
        "budget": None,
    }
    started = time.perf_counter()
    rec.deadline = started + SECONDS_PER_FUNCTION
    try:
        kept, peak, result = _measure_call(rec, function)
        rec.deadline = None
        row["kept"] = max(kept - overhead[0], 0)
        row["peak"] = max(peak - overhead[1], row["kept"])
        row["shallow"] = _shallow(result)
        row["resultType"], row["resultLength"] = _describe(result)
        del result
    except MeasureBudgetExceeded as exc:
        row["budget"] = exc.which
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - the learner's function raised: report it
        row["error"] = {"type": type(exc).__name__, "message": str(exc)[:200]}
    finally:
        rec.deadline = None
    row["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return row


def stop():
    """After the cell ran: call and measure each candidate, then free everything."""
    global _active
    rec = _active
    if rec is None:
        return
    monitoring = sys.monitoring
    if rec.tool is not None:
        monitoring.set_local_events(rec.tool, rec.code, 0)
    was_tracing = tracemalloc.is_tracing()
    record = {
        "filename": rec.filename,
        "status": "not-finished",
        "functions": [],
        "skipped": rec.skipped,
        "tracemallocWasTracing": was_tracing,
        "stopped": False,
        "limits": {
            "maxFunctions": MAX_FUNCTIONS,
            "secondsPerFunction": SECONDS_PER_FUNCTION,
            "totalSeconds": TOTAL_SECONDS,
            "memoryBudget": MEMORY_BUDGET,
        },
        "pointerSize": struct.calcsize("P"),
        "overhead": None,
    }
    try:
        if rec.tool is None:
            record["status"] = "no-monitoring"
        elif rec.finished and not rec.candidates:
            record["status"] = "no-functions"
        elif rec.finished:
            record["status"] = "measured"
            _arm_guard(rec)
            sink = io.StringIO()
            try:
                with redirect_stdout(sink), redirect_stderr(sink):
                    overhead = None
                    out_of_time = time.perf_counter() + TOTAL_SECONDS
                    for name, function in rec.candidates:
                        if time.perf_counter() > out_of_time:
                            record["skipped"].append({"name": name, "reason": "out of time"})
                            continue
                        if not tracemalloc.is_tracing():  # not yet, or a function stopped it
                            tracemalloc.start()
                            overhead = None
                        if overhead is None:
                            overhead = _overhead(rec)
                            record["overhead"] = {"kept": overhead[0], "peak": overhead[1]}
                        record["functions"].append(_measure_one(rec, name, function, overhead))
                        sink.seek(0)
                        sink.truncate()
            except KeyboardInterrupt:
                record["stopped"] = True
            finally:
                if was_tracing and not tracemalloc.is_tracing():
                    tracemalloc.start()
                elif not was_tracing:
                    tracemalloc.stop()
    finally:
        _release_tool(rec)
        rec.candidates = []
        _active = None
        _records[rec.filename] = record


def result(filename):
    """What the last recorded run of `filename` measured (None if it was not recorded):
    {filename, status: 'measured' | 'no-functions' | 'not-finished' | 'no-monitoring', functions: [{name, line,
    generator, resultType, resultLength, shallow, kept, peak, error: {type, message} | None,
    budget: 'time' | 'memory' | None, ms}], skipped: [{name, reason}], tracemallocWasTracing, stopped, limits:
    {maxFunctions, secondsPerFunction, memoryBudget}, pointerSize}."""
    return _records.get(filename)
