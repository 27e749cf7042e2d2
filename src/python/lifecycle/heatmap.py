"""Count how often each line of a cell runs, and estimate where the time goes (the `heatmap` widget).

The runner calls `start(code, filename)` just before the cell runs and `stop()` right after, however the run ends
(widget recorder "heatmap"). In between, sys.monitoring (PEP 669) sends a LINE event each time the interpreter
starts a new line of the cell's code: its module code and every function, class body, lambda and comprehension
it defines (local events on those code objects only, so nothing else is slowed down: not the standard library,
not the course's machinery).

Hits are exact: a LINE event fires each time execution moves to another line, and on every jump back to a line (so
a loop body's line counts one hit per iteration; a `for` line counts one more, for the check that ends the loop).

Time is an estimate: the time from one LINE event to the next is given to the earlier line. So a line's time
includes whatever it called outside the cell's code (built-ins, imported modules), while time spent in functions
the cell defines goes to their own lines. The recorder's own work is mostly left out (the clock is read on entry
to the callback and again just before it returns), but the cost of calling it is not, so lines that run very many
times look a little hotter than they are. In a browser the clock also steps coarsely (5 µs on this site, facts.md
§10): single gaps are rounded, sums over many hits even out.

Bounded: after MAX_EVENTS events the recorder stops counting (what was counted is kept, `truncated` says so) and
returns sys.monitoring.DISABLE, which switches the event off at each location it next fires at, so the rest of the
run goes at nearly full speed.
"""

import sys
import time

MAX_EVENTS = 200_000
# Code objects watched per cell (a cell with more functions than this has the rest unwatched).
MAX_CODE_OBJECTS = 500

# filename -> the finished record of that cell's last recorded run.
_records = {}
_active = None


def _code_objects(code):
    """`code` and every code object nested in its constants, depth first, at most MAX_CODE_OBJECTS."""
    found = []
    stack = [code]
    while stack and len(found) < MAX_CODE_OBJECTS:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed([c for c in current.co_consts if hasattr(c, "co_code")]))
    return found


def start(code, filename):
    """Begin counting the LINE events of `code` and its nested code objects."""
    global _active
    _records[filename] = None
    monitoring = sys.monitoring
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:
        _active = {"filename": filename, "tool": None}
        return
    clock = time.perf_counter
    disable = monitoring.DISABLE
    hits = {}
    seconds = {}
    # [events counted, line of the last event, clock when its callback returned, truncated]
    state = [0, None, 0.0, False]

    def on_line(_code, line):
        now = clock()
        previous = state[1]
        if state[0] >= MAX_EVENTS:
            if previous is not None:
                seconds[previous] += now - state[2]
                state[1] = None
            state[3] = True
            return disable
        state[0] += 1
        if previous is not None:
            seconds[previous] += now - state[2]
        if line in hits:
            hits[line] += 1
        else:
            hits[line] = 1
            seconds[line] = 0.0
        state[1] = line
        state[2] = clock()
        return None

    codes = _code_objects(code)
    monitoring.use_tool_id(tool, "course-heatmap")
    monitoring.register_callback(tool, monitoring.events.LINE, on_line)
    for each in codes:
        monitoring.set_local_events(tool, each, monitoring.events.LINE)
    _active = {
        "filename": filename,
        "tool": tool,
        "codes": codes,
        "hits": hits,
        "seconds": seconds,
        "state": state,
        "clock": clock,
        "started": clock(),
    }


def stop():
    """End the recording, however the run ended, and keep its summary for `result`."""
    global _active
    active = _active
    _active = None
    if active is None:
        return
    if active["tool"] is None:
        _records[active["filename"]] = _summary(active["filename"], {}, {}, 0, False, 0.0, available=False)
        return
    now = active["clock"]()
    monitoring = sys.monitoring
    for each in active["codes"]:
        monitoring.set_local_events(active["tool"], each, 0)
    monitoring.register_callback(active["tool"], monitoring.events.LINE, None)
    monitoring.free_tool_id(active["tool"])
    state = active["state"]
    if state[1] is not None:
        # The last line counted runs until the run ends.
        active["seconds"][state[1]] += now - state[2]
    _records[active["filename"]] = _summary(
        active["filename"],
        active["hits"],
        active["seconds"],
        state[0],
        state[3],
        now - active["started"],
    )


def _summary(filename, hits, seconds, events, truncated, wall, available=True):
    total = sum(seconds.values())
    lines = []
    for line in sorted(hits):
        spent = seconds.get(line, 0.0)
        lines.append(
            {
                "line": line,
                "hits": hits[line],
                "seconds": spent,
                "share": spent / total if total > 0 else 0.0,
            }
        )
    hottest = max(lines, key=lambda row: row["seconds"], default=None)
    busiest = max(lines, key=lambda row: row["hits"], default=None)
    return {
        "filename": filename,
        "available": available,
        "lines": lines,
        "events": events,
        "maxEvents": MAX_EVENTS,
        "truncated": truncated,
        "totalSeconds": total,
        "wallSeconds": wall,
        "hottest": None if hottest is None or total <= 0 else hottest["line"],
        "mostHits": None if busiest is None else busiest["line"],
    }


def result(filename):
    """The last recorded run of `filename` (None if there is none): {filename, available (a sys.monitoring tool
    id was free), lines: [{line, hits, seconds, share}] for every line that ran, in line order, events (LINE events
    counted), maxEvents, truncated (counting stopped at maxEvents), totalSeconds (the time given to lines; shares
    are of this), wallSeconds (start to stop), hottest (line with the most time), mostHits (line run most often)}."""
    return _records.get(filename)
