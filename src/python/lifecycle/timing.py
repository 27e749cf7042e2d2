"""Time a cell's last statement the way `timeit` does, and keep every repeat (the `timeit` widget).

The contract: the cell's LAST top-level statement is what is timed; every statement before it is the setup. The
setup is not run again: the cell's own run was the setup. This module is the widget's *recorder*: the runner calls
`start(code, filename)` just before the cell runs and `stop()` right after, and in between a sys.monitoring
PY_START event on the cell's module code object (that code object only, once) hands us the frame's globals, the
cell's namespace. We keep it (for the last few cells only), so the page can time the statement afterwards, and
again with other settings, without running the cell again.

`measure(filename, source, repeats, budget)` then does what `python -m timeit` does, inside a time budget:
`timeit.Timer(stmt, globals=namespace)` (so the statement runs in a function, with the cell's names as globals, and
with the garbage collector off while it is timed, as timeit always does); a number of loops chosen like
`Timer.autorange` (1, 2, 5, 10, 20, 50, …, so that one repeat lasts long enough to dwarf the clock's granularity
and the repeats fit the budget);
then up to `repeats` repeats, fewer if the budget runs out. Every repeat's time per loop is returned, with the
minimum and the median, and the clock's granularity as observed (in a browser, `time.perf_counter` steps by 5 µs on
a cross-origin-isolated page and 100 µs otherwise, facts.md §10; `get_clock_info` does not say so).

The statement may be slow or never end, and a widget's `call` cannot be stopped: the page runs `measure` as a
normal, time-limited run and fetches the result afterwards with `last_result()` (src/scripts/widgets/timeit.ts).
"""

import ast
import statistics
import sys
import time
import timeit

DEFAULT_REPEATS = 20
MAX_REPEATS = 50
DEFAULT_BUDGET_SECONDS = 1.0
MAX_BUDGET_SECONDS = 2.0
# One repeat should last at least this many clock steps, so the clock's granularity is lost in it.
MIN_STEPS_PER_REPEAT = 200
# Namespaces kept for re-timing: the cells run last. Each keeps the cell's objects alive, so only a few.
MAX_KEPT = 6

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

# filename -> {"source": the code that ran, "namespace": its globals}
_kept = {}
_active = None
_last_result = None
# The clock the budget is kept by (the statement itself is timed by timeit's own, time.perf_counter). Tests
# replace it with a stopped clock to make the number of repeats independent of the machine's speed.
_budget_clock = time.perf_counter


class _Sink:
    """Swallows what the timed statement prints (timing `print(x)` would otherwise print it thousands of times)."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass


def start(code, filename):
    """Watch the cell's module code object start, to catch its namespace."""
    global _active
    _kept.pop(filename, None)
    monitoring = sys.monitoring
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:
        _active = None
        return
    caught = {}

    def on_start(started_code, offset):
        if started_code is code and "namespace" not in caught:
            # The callback runs on top of the frame that is starting: its globals are the cell's namespace.
            caught["namespace"] = sys._getframe(1).f_globals
        return monitoring.DISABLE

    monitoring.use_tool_id(tool, "course-timeit")
    monitoring.register_callback(tool, monitoring.events.PY_START, on_start)
    monitoring.set_local_events(tool, code, monitoring.events.PY_START)
    _active = {"tool": tool, "code": code, "filename": filename, "caught": caught}


def stop():
    """Release the tool id and keep the namespace the run used."""
    global _active
    active = _active
    _active = None
    if active is None:
        return
    monitoring = sys.monitoring
    monitoring.set_local_events(active["tool"], active["code"], 0)
    monitoring.register_callback(active["tool"], monitoring.events.PY_START, None)
    monitoring.free_tool_id(active["tool"])
    namespace = active["caught"].get("namespace")
    if namespace is None:
        return
    from lifecycle.runner import last_run

    record = last_run(active["filename"])
    if record is None:
        return
    _kept[active["filename"]] = {"source": record["source"], "namespace": namespace}
    while len(_kept) > MAX_KEPT:
        _kept.pop(next(iter(_kept)))


def plan(source):
    """What would be timed: {status, message, statement, line, endLine, setupStatements, setupLines}.

    status is "ok", "empty" (no statement), "definition" (the last statement is a def or class: timing it would
    only time making the function), "await" (timeit cannot time an await) or "syntax" (the cell does not parse)."""
    result = {
        "status": "ok",
        "message": None,
        "statement": None,
        "line": None,
        "endLine": None,
        "setupStatements": 0,
        "setupLines": None,
    }
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        result.update(status="syntax", message=f"The cell does not parse: {error.msg} (line {error.lineno}).")
        return result
    if not tree.body:
        result.update(status="empty", message="The cell has no statement to time: end it with the code to time.")
        return result
    last = tree.body[-1]
    setup = tree.body[:-1]
    result.update(
        statement=ast.get_source_segment(source, last),
        line=last.lineno,
        endLine=last.end_lineno,
        setupStatements=len(setup),
        setupLines=[setup[0].lineno, setup[-1].end_lineno] if setup else None,
    )
    if isinstance(last, _DEFINITIONS):
        kind = "class" if isinstance(last, ast.ClassDef) else "function"
        result.update(
            status="definition",
            message=(
                f"The last statement (line {last.lineno}) defines the {kind} {last.name}: timing it would only time "
                f"making the {kind}. End the cell with the statement to time, such as a call: {last.name}(…)."
            ),
        )
    elif _awaits(last):
        result.update(
            status="await",
            message=(
                f"The last statement (line {last.lineno}) uses await, and timeit times code in an ordinary "
                "function, where await is not allowed. Time a synchronous statement."
            ),
        )
    return result


def _awaits(node):
    """Whether the statement awaits at its own level (nested function bodies do not count)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Await, ast.AsyncFor, ast.AsyncWith)):
            return True
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(child)
    return False


def observed_granularity(max_seconds=0.02, steps=20):
    """The smallest step `time.perf_counter` was seen to take (seconds), over `steps` changes or `max_seconds`."""
    clock = time.perf_counter
    deadline = clock() + max_seconds
    last = clock()
    smallest = None
    seen = 0
    while seen < steps:
        now = clock()
        if now != last:
            step = now - last
            if smallest is None or step < smallest:
                smallest = step
            last = now
            seen += 1
        if now > deadline:
            break
    return smallest


def _empty_timing():
    return {
        "number": None,
        "repeats": 0,
        "requestedRepeats": None,
        "times": [],
        "min": None,
        "median": None,
        "max": None,
        "granularity": None,
        "clockResolution": time.get_clock_info("perf_counter").resolution,
        "budgetSeconds": None,
        "totalSeconds": None,
        "stoppedByBudget": False,
        "error": None,
    }


def measure(filename, source, repeats=DEFAULT_REPEATS, budget=DEFAULT_BUDGET_SECONDS):
    """Time the last statement of the cell `filename` in the namespace its last run left; kept for `last_result`.

    Returns `plan(source)` plus {number, repeats, requestedRepeats, times: [seconds per loop of each repeat, in
    the order they ran], min, median, max, granularity (observed clock step, seconds), clockResolution (what
    get_clock_info claims), budgetSeconds, totalSeconds, stoppedByBudget (fewer repeats than asked), error}.
    status is "not-recorded" when the cell's last run is not the one `source` describes."""
    global _last_result
    _last_result = None
    result = plan(source)
    result.update(_empty_timing())
    repeats = max(1, min(int(repeats), MAX_REPEATS))
    budget = max(0.05, min(float(budget), MAX_BUDGET_SECONDS))
    result.update(requestedRepeats=repeats, budgetSeconds=budget)
    kept = _kept.get(filename)
    if result["status"] == "ok" and (kept is None or kept["source"] != source):
        result.update(status="not-recorded", message="Run the cell first: the timing uses what its run defined.")
    if result["status"] != "ok":
        _last_result = result
        return result
    granularity = observed_granularity()
    result["granularity"] = granularity
    try:
        timer = timeit.Timer(result["statement"], globals=kept["namespace"])
    except SyntaxError as error:
        result.update(
            status="error",
            message=f"timeit cannot time this statement: {error.msg}.",
            error={"type": "SyntaxError", "message": str(error.msg)},
        )
        _last_result = result
        return result
    # A repeat's target: the repeats fill about half the budget, leaving room for the calibration and for noise
    # (on a busy machine a repeat can take twice as long as it did while calibrating), but it always lasts many
    # clock steps.
    target = max(budget / (2 * repeats + 4), MIN_STEPS_PER_REPEAT * (granularity or 0))
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _Sink()
    started = _budget_clock()
    times = []
    try:
        number = _calibrate(timer, target, started + budget)
        while len(times) < repeats:
            if times and _budget_clock() - started >= budget:
                result["stoppedByBudget"] = True
                break
            times.append(timer.timeit(number) / number)
    except Exception as error:  # noqa: BLE001 - the learner's statement may raise anything; report it
        result.update(
            status="error",
            message=f"The statement raised {type(error).__name__} while it was being timed: {error}",
            error={"type": type(error).__name__, "message": str(error)},
        )
        _last_result = result
        return result
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    result.update(
        number=number,
        repeats=len(times),
        times=times,
        min=min(times),
        median=statistics.median(times),
        max=max(times),
        totalSeconds=_budget_clock() - started,
    )
    _last_result = result
    return result


def _calibrate(timer, target, deadline):
    """Loops per repeat, so that one repeat takes about `target` seconds, not more: like Timer.autorange, try 1, 2,
    5, 10, 20, 50, … loops until a try takes at least half the target (or the budget's deadline passes), then take
    the largest number of that 1-2-5 series that the try's time per loop says fits in the target."""
    multiplier = 1
    while True:
        for step in (1, 2, 5):
            number = step * multiplier
            took = timer.timeit(number)
            if took >= target / 2 or _budget_clock() >= deadline:
                return _fitting(number, took, target)
        multiplier *= 10


def _fitting(number, took, target):
    """The largest of 1, 2, 5, 10, 20, 50, … loops expected to take at most `target` (at least `number`)."""
    per_loop = took / number
    best = number
    multiplier = 1
    while True:
        for step in (1, 2, 5):
            candidate = step * multiplier
            if candidate * per_loop > target:
                return best
            best = max(best, candidate)
        multiplier *= 10


def last_result():
    """The result of the last `measure`, or None if it did not finish."""
    return _last_result
