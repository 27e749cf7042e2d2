"""The specialization explorer's data: the adaptive bytecode of every function a cell defined, warm-ups on demand,
and cold vs warm call timings.

How the functions are found: this module is the widget's *recorder*. The runner calls `start(code, filename)`
before the cell runs and `stop()` right after, while the cell's namespace is still alive. `stop()` then asks the
garbage collector for the objects that refer to the cell's code objects (`gc.get_referrers`) and keeps the
function objects among them. That needs no tracer (sys.settrace or sys.monitoring would instrument the bytecode
and change the very instructions we want to show) and does not run the learner's program a second time. Keeping
the functions keeps their globals (the cell's namespace) alive, so warm-ups call them in their own world.

Specialization state lives on the code object (facts.md §6), so the listing shows what the run itself caused;
`warm` calls a function more times and the page redraws. `warm` is meant to be run as a normal, time-limited run
(a function can loop forever, and a `call` from the page cannot be stopped): see src/scripts/widgets/specialize.ts.
"""

import dis
import gc
import inspect
import sys
import time
import types

from lifecycle.bytecode import code_objects, describe
from lifecycle.positions import source_lines

MAX_FUNCTIONS = 30
MAX_WARM_CALLS = 1000
# Instructions per function listing; a function longer than this is cut (and says so).
MAX_INSTRUCTIONS = 400
# Time budget of each side of the cold/warm measurement, and the most calls per side.
TIMING_BUDGET_SECONDS = 0.4
TIMING_MAX_CALLS = 1000

# filename -> {"code": the cell's code object, "functions": [function, ...]}
_recorded = {}
_current = None
# The result of the last warm() or time_calls(), fetched by the page after the run that made it.
_last_result = None


def start(code, filename):
    global _current
    _current = (code, filename)


def stop():
    """Keep the live function objects made from the cell's code objects (the namespace is still alive now)."""
    global _current
    if _current is None:
        return
    code, filename = _current
    _current = None
    nested = [c for c in code_objects(code)[1:] if c.co_flags & inspect.CO_OPTIMIZED]
    by_code = {}
    for referrer in gc.get_referrers(*nested) if nested else ():
        if isinstance(referrer, types.FunctionType) and referrer.__code__ not in by_code:
            by_code[referrer.__code__] = referrer
    _recorded[filename] = {"code": code, "functions": [by_code.get(c) for c in nested][:MAX_FUNCTIONS], "codes": nested[:MAX_FUNCTIONS]}


def _counter(instr):
    """The adaptive counter in the inline cache: 16 bits, value << 4 | backoff (pycore_code.h)."""
    for name, _size, data in instr.cache_info or ():
        if name == "counter":
            raw = int.from_bytes(data, sys.byteorder)
            return {"value": raw >> 4, "backoff": raw & 15}
    return None


def _listing(code, lines):
    described = describe(code, lines, adaptive=True, budget=MAX_INSTRUCTIONS)
    counters = {instr.offset: _counter(instr) for instr in dis.get_instructions(code, adaptive=True)}
    rows = []
    for row in described["instructions"]:
        rows.append(
            {
                "offset": row["offset"],
                "opname": row["opname"],
                "baseopname": row["baseopname"],
                "argrepr": row["argrepr"],
                "line": row["line"],
                "counter": counters.get(row["offset"]),
            }
        )
    return rows, described["truncated"]


def _jit():
    jit = getattr(sys, "_jit", None)
    return {"available": bool(jit and jit.is_available()), "enabled": bool(jit and jit.is_enabled())}


def explore(filename, source):
    """Every function code object the cell made: adaptive listing, whether a live function exists to warm up."""
    record = _recorded.get(filename)
    lines = source_lines(source)
    functions = []
    if record is not None:
        for index, (code, fn) in enumerate(zip(record["codes"], record["functions"])):
            rows, truncated = _listing(code, lines)
            functions.append(
                {
                    "index": index,
                    "qualname": code.co_qualname,
                    "firstLine": code.co_firstlineno,
                    "argcount": code.co_argcount,
                    "params": list(code.co_varnames[: code.co_argcount]),
                    "alive": fn is not None,
                    "instructions": rows,
                    "truncated": truncated,
                }
            )
    return {"recorded": record is not None, "functions": functions, "jit": _jit()}


def _fresh_copy(fn):
    """A new function whose code is a new, never-run copy: `code.replace()` builds it from co_code, the
    unspecialized bytes, so its instructions start generic with fresh counters (checked in specialize.test)."""
    copy = types.FunctionType(fn.__code__.replace(), fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    copy.__kwdefaults__ = fn.__kwdefaults__
    return copy


def _timed(functions, args):
    """Seconds per call over `functions` (each called once, in order), within the time budget."""
    calls = 0
    spent = 0.0
    batch = 10
    while calls < len(functions) and spent < TIMING_BUDGET_SECONDS:
        chunk = functions[calls : calls + batch]
        began = time.perf_counter()
        for f in chunk:
            f(*args)
        spent += time.perf_counter() - began
        calls += len(chunk)
        batch *= 2
    return {"seconds": spent / calls if calls else None, "calls": calls}


def _timings(fn, args):
    """First calls of fresh copies (new code objects: unspecialized) against calls of the warmed-up code.

    Both sides call distinct function objects in the same loop, so the only differences are the code object's
    specialization state and that a fresh code object is also new to the CPU's caches.
    """
    fresh = [_fresh_copy(fn) for _ in range(TIMING_MAX_CALLS)]
    warm = [
        types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
        for _ in range(TIMING_MAX_CALLS)
    ]
    for copy in warm:
        copy.__kwdefaults__ = fn.__kwdefaults__
    cold = _timed(fresh, args)
    hot = _timed(warm, args)
    ratio = cold["seconds"] / hot["seconds"] if cold["seconds"] and hot["seconds"] else None
    return {"cold": cold, "warm": hot, "ratio": ratio}


def _function_and_args(filename, index, args_source):
    """(function, args tuple, None) or (None, None, error text)."""
    record = _recorded.get(filename)
    fn = record["functions"][index] if record and 0 <= index < len(record["functions"]) else None
    if fn is None:
        return None, None, "No function object of this code is alive after the run."
    try:
        value = eval(args_source, fn.__globals__) if args_source.strip() else ()
    except Exception as exc:  # noqa: BLE001 - the learner's expression
        return None, None, f"The arguments could not be evaluated: {type(exc).__name__}: {exc}"
    return fn, (value if isinstance(value, tuple) else (value,)), None


def warm(filename, index, times, args_source):
    """Call function `index` of the cell `times` more times with the arguments `args_source` (a Python expression
    evaluated in the cell's namespace: a tuple, or one value). Returns (and keeps for `last_result`)
    {"calls", "error"}. Stop and the time budget interrupt it like any run."""
    global _last_result
    _last_result = None
    fn, args, error = _function_and_args(filename, index, args_source)
    calls = 0
    if fn is not None:
        try:
            for _ in range(max(1, min(int(times), MAX_WARM_CALLS))):
                fn(*args)
                calls += 1
        except Exception as exc:  # noqa: BLE001 - the learner's function
            error = f"The call raised {type(exc).__name__}: {exc}"
    _last_result = {"calls": calls, "error": error}
    return _last_result


def time_calls(filename, index, args_source):
    """Cold vs warm seconds per call of function `index` (see `_timings`); {"error", "timings"}. The warm side
    calls the function's own code, up to TIMING_MAX_CALLS more times, so its specialization may move on."""
    global _last_result
    _last_result = None
    fn, args, error = _function_and_args(filename, index, args_source)
    timings = None
    if fn is not None:
        try:
            timings = _timings(fn, args)
        except Exception as exc:  # noqa: BLE001 - the learner's function
            error = f"The call raised {type(exc).__name__}: {exc}"
    _last_result = {"error": error, "timings": timings}
    return _last_result


def last_result():
    """The result of the last `warm` or `time_calls`, or None when it did not finish (Stop, time budget)."""
    return _last_result
