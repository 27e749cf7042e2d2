"""Record the asyncio tasks of a cell's run as a timeline (the `tasks` widget's recorder).

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after, however it ends. In
between, sys.monitoring reports every time one of the cell's own coroutines starts (PY_START), gives up control
at an `await` (PY_YIELD), is resumed (PY_RESUME, or PY_THROW when an exception such as a cancellation is thrown
into it), returns (PY_RETURN) or ends with an exception (PY_UNWIND). Each event belongs to the task that
`asyncio.current_task()` names at that moment.

Why this gives the task's own story: when a task is stepped, the coroutines in its `await` chain are resumed from
the outside in, and when it gives up control they yield from the inside out (each `await` passes the inner yield
up). So per task we count how deep in the cell's coroutines we are: the frame that takes the depth from 0 to 1 is
the task's outermost coroutine in the cell, and its events are the task's: 0 -> 1 is a start or a resume,
1 -> 0 a suspension (the task gave up control and the event loop ran something else) or the end. An `await` that
did not give up control (awaiting a coroutine that returned without suspending) makes no event, which is the
truth: other tasks did not run. The line of a suspension is the innermost of the cell's frames that yielded: the
`await` in the learner's code where the task actually waited.

The cell's top-level code is a coroutine too when it uses top-level `await` (Pyodide's CodeRunner compiles it with
PyCF_ALLOW_TOP_LEVEL_AWAIT and awaits it inside the task that runs the cell); that task is shown as "main".

Only the cell's code objects are watched (local events; PY_THROW and PY_UNWIND are global-only events, filtered by
code object), so library coroutines such as asyncio.sleep cost nothing. Bounded: at most MAX_TASKS tasks and
MAX_EVENTS suspension/resume events are stored; the rest are counted. Times are milliseconds since `start`.
"""

import asyncio
import inspect
import sys
import time
import weakref

from lifecycle.bytecode import code_objects
from lifecycle.positions import source_lines

MAX_TASKS = 40
MAX_EVENTS = 1500
# Start and end events of stored tasks are kept even past MAX_EVENTS, up to this many more.
END_EVENTS_RESERVE = 4 * MAX_TASKS
MAX_TEXT = 80
TOOL_NAME = "course-tasks"

_ASYNC_FLAGS = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE

# filename -> the finished record of that cell's last recorded run.
_records = {}
_active = None


class _Task:
    def __init__(self, index, task, main):
        self.index = index
        self.task = task  # kept alive while recording, so id() values cannot be reused
        self.main = main
        self.coroutine = None
        self.events = []
        self.depth = 0
        self.await_line = None  # innermost cell line of the suspension in progress
        self.suspended_line = None  # where the task is waiting now (its resume continues there)
        self.skipping = False  # its last suspension was not stored: neither is the matching resume
        self.suspensions = 0
        self.state = "running"
        self.error = None


class _Recording:
    def __init__(self, code, filename):
        self.filename = filename
        self.module = code
        self.codes = [c for c in code_objects(code) if c is code or c.co_flags & _ASYNC_FLAGS]
        self.watched = {id(c) for c in self.codes}
        self.lines = {}
        self.tasks = {}  # id(task or None) -> _Task, for the stored tasks (each kept alive by its _Task)
        self.overflow = weakref.WeakKeyDictionary()  # task -> _Task, for tasks past MAX_TASKS
        self.order = []
        self.stored = 0
        self.dropped = 0
        self.dropped_tasks = 0
        self.tool = None
        self.started = time.perf_counter()
        try:
            self.text = source_lines(_source_of(filename))
        except Exception:  # noqa: BLE001 - the source is only for labels
            self.text = []

    def ms(self):
        return round((time.perf_counter() - self.started) * 1000, 3)

    def line_of(self, code, offset):
        table = self.lines.get(id(code))
        if table is None:
            table = self.lines[id(code)] = [(start, end, line) for start, end, line in code.co_lines()]
        for start, end, line in table:
            if start <= offset < end:
                return line
        return code.co_firstlineno

    def text_of(self, line):
        if line is None or not 1 <= line <= len(self.text):
            return ""
        text = self.text[line - 1].strip()
        return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"

    def task_for(self, code):
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        entry = self.tasks.get(id(task))
        if entry is not None:
            return entry
        if len(self.order) < MAX_TASKS:
            entry = _Task(len(self.order), task, code is self.module)
            self.order.append(entry)
            self.tasks[id(task)] = entry
            return entry
        # Past the cap a task is only followed (so its depth is right), never stored, and not kept alive.
        if task is None:
            entry = self.tasks[id(None)] = _Task(-1, None, False)
            return entry
        entry = self.overflow.get(task)
        if entry is None:
            self.dropped_tasks += 1
            entry = self.overflow[task] = _Task(-1, None, False)
        return entry

    def add(self, entry, kind, line):
        if entry.index < 0:
            return
        ending = kind in ("start", "finish", "raise", "cancel")
        if kind == "resume" and entry.skipping:
            entry.skipping = False
            self.dropped += 1
            return
        if self.stored >= MAX_EVENTS and not (ending and self.stored < MAX_EVENTS + END_EVENTS_RESERVE):
            self.dropped += 1
            if kind == "suspend":
                entry.skipping = True
            return
        self.stored += 1
        event = {"kind": kind, "ms": self.ms(), "line": line}
        if kind == "suspend":
            event["text"] = self.text_of(line)
        entry.events.append(event)


def _source_of(filename):
    import linecache

    return "".join(linecache.cache.get(filename, (0, None, [], ""))[2])


def _enter(code, offset, resumed):
    rec = _active
    if rec is None or id(code) not in rec.watched:
        return
    entry = rec.task_for(code)
    entry.depth += 1
    await_line, entry.await_line = entry.await_line, None  # running again: the next suspension starts afresh
    if entry.depth != 1:
        return
    if entry.coroutine is None:
        entry.coroutine = "<module>" if code is rec.module else code.co_qualname
    entry.state = "running"
    if resumed:
        rec.add(entry, "resume", entry.suspended_line or rec.line_of(code, offset))
    else:
        rec.add(entry, "start", rec.line_of(code, offset) or code.co_firstlineno)


def _leave(code, offset, kind, exception=None, line=None):
    rec = _active
    if rec is None or id(code) not in rec.watched:
        return
    entry = rec.task_for(code)
    if entry.depth == 0:
        return
    entry.depth -= 1
    if line is None:
        line = rec.line_of(code, offset)
    if kind == "suspend" and entry.await_line is None:
        entry.await_line = line  # the innermost yielding frame comes first
    if entry.depth != 0 or kind == "value":
        return
    if kind == "suspend":
        entry.suspensions += 1
        entry.state = "waiting"
        entry.suspended_line = entry.await_line
        rec.add(entry, "suspend", entry.await_line)
        entry.await_line = None
        return
    entry.await_line = None
    if kind == "raise" and isinstance(exception, asyncio.CancelledError):
        kind = "cancel"
    entry.state = {"finish": "finished", "raise": "raised", "cancel": "cancelled"}[kind]
    if exception is not None:
        entry.error = type(exception).__name__
    rec.add(entry, kind, line)


def _on_start(code, offset):
    _enter(code, offset, resumed=False)


def _on_resume(code, offset):
    _enter(code, offset, resumed=True)


def _on_throw(code, offset, exception):
    _enter(code, offset, resumed=True)


def _on_yield(code, offset, value):
    if type(value).__name__ == "async_generator_wrapped_value":
        # An async generator's `yield x` hands x to the `async for` that asked: the task goes on running.
        _leave(code, offset, "value")
        return
    _leave(code, offset, "suspend")


def _on_return(code, offset, value):
    _leave(code, offset, "finish")


def _on_unwind(code, offset, exception):
    # The offset may be in an exception handler with no line; the unwinding frame (our caller) knows its line.
    _leave(code, offset, "raise", exception, sys._getframe(1).f_lineno)


_CALLBACKS = (
    ("PY_START", _on_start),
    ("PY_RESUME", _on_resume),
    ("PY_THROW", _on_throw),
    ("PY_YIELD", _on_yield),
    ("PY_RETURN", _on_return),
    ("PY_UNWIND", _on_unwind),
)


def start(code, filename):
    """Begin recording the tasks of the run of `code` (the cell's compiled module, from `filename`)."""
    global _active
    monitoring = sys.monitoring
    rec = _Recording(code, filename)
    _records[filename] = None
    _active = rec
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:
        return
    rec.tool = tool
    events = monitoring.events
    monitoring.use_tool_id(tool, TOOL_NAME)
    for name, callback in _CALLBACKS:
        monitoring.register_callback(tool, getattr(events, name), callback)
    local = events.PY_START | events.PY_RESUME | events.PY_YIELD | events.PY_RETURN
    for each in rec.codes:
        monitoring.set_local_events(tool, each, local)
    # PY_THROW and PY_UNWIND can only be switched on globally: the callbacks ignore every other code object.
    monitoring.set_events(tool, events.PY_THROW | events.PY_UNWIND)


def _switch_off(rec):
    monitoring = sys.monitoring
    if rec.tool is None:
        return
    monitoring.set_events(rec.tool, 0)
    for each in rec.codes:
        monitoring.set_local_events(rec.tool, each, 0)
    for name, _ in _CALLBACKS:
        monitoring.register_callback(rec.tool, getattr(monitoring.events, name), None)
    monitoring.free_tool_id(rec.tool)
    rec.tool = None


def _loop_name():
    try:
        return type(asyncio.get_event_loop()).__name__
    except Exception:  # noqa: BLE001 - only a label
        return None


def stop():
    """End the recording, however the run ended; keep it as plain data for `result`."""
    global _active
    rec = _active
    _active = None
    if rec is None:
        return
    monitored = rec.tool is not None
    _switch_off(rec)
    tasks = []
    for entry in rec.order:
        task = entry.task
        name = "main" if entry.main else (task.get_name() if task is not None else "no task")
        tasks.append(
            {
                "index": entry.index,
                "name": name,
                "taskName": task.get_name() if task is not None else None,
                "main": entry.main,
                "coroutine": entry.coroutine,
                "state": entry.state,
                "error": entry.error,
                "suspensions": entry.suspensions,
                "events": entry.events,
            }
        )
    _records[rec.filename] = {
        "filename": rec.filename,
        "durationMs": rec.ms(),
        "loop": _loop_name(),
        "monitored": monitored,
        "tasks": tasks,
        "dropped": rec.dropped,
        "droppedTasks": rec.dropped_tasks,
        "maxEvents": MAX_EVENTS,
        "maxTasks": MAX_TASKS,
    }
    rec.tasks.clear()
    rec.overflow.clear()
    rec.order.clear()


def result(filename):
    """The tasks of the last recorded run of `filename` (None if it was not recorded):
    {filename, durationMs, loop, monitored, tasks: [{index, name, taskName, main, coroutine, state
    ('running' | 'waiting' | 'finished' | 'raised' | 'cancelled'), error, suspensions, events: [{kind ('start' |
    'suspend' | 'resume' | 'finish' | 'raise' | 'cancel'), ms, line, text (suspend only)}]}], dropped,
    droppedTasks, maxEvents, maxTasks}."""
    return _records.get(filename)
