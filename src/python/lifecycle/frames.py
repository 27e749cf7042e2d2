"""Record the frame stack of a cell's real run, one source line at a time (the `frames` widget).

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after (widget recorder
"frames"). In between, `sys.settrace` reports every new Python frame ('call', which is also every resume of a
generator), every line a traced frame starts ('line'), and every frame leaving ('return', which is also a
generator's yield, and 'exception'). Only frames running code from the cell's own file are traced; for each event
we store the chain of the cell's frames from the outermost (`<module>`) to the one running, each with its
function, current line and locals as short, safe text.

Bounds: at most MAX_STEPS steps and about MAX_CHARS characters of text. When a bound is reached the recorder stops
tracing and says so (`truncated`); the program itself runs on (the cell's time budget and Stop still apply).
Frames the same between steps are stored once (`frames` table; steps refer to them by index), so a deep
recursion does not repeat its outer frames at every step.

Locals are shown without running the learner's code: builtin values get a bounded repr of our own, everything
else its type's name (a user `__repr__` is never called, so tracing cannot change what the program does).
"""

import sys

MAX_STEPS = 1500
MAX_CHARS = 1_500_000
MAX_LOCALS = 12
MAX_REPR = 60
# A deeper chain keeps its outermost frames and its innermost ones, with a count of those left out between.
MAX_CHAIN = 40
KEEP_OUTER = 4

CO_GENERATOR = 0x20
CO_COROUTINE = 0x80
CO_ASYNC_GENERATOR = 0x200

_SCALARS = (int, float, complex, bool, type(None), type(...))

# filename -> the finished record of that cell's last recorded run.
_records = {}
# The run being recorded, or None.
_active = None


def _short(text, limit=MAX_REPR):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_repr(value, depth=0):
    """A repr that never calls the learner's code: builtin scalars, strings and containers are written out (up to a
    few items and MAX_REPR characters); functions, classes, modules and generators by name; any other object as
    `<Type object>`."""
    kind = type(value)
    if kind in _SCALARS:
        return _short(repr(value))
    if kind in (str, bytes):
        return _short(repr(value[:MAX_REPR]))
    if kind in (list, tuple, set, frozenset, dict):
        return _short(_container_repr(value, depth))
    if kind is range:
        return repr(value)
    name = getattr(kind, "__qualname__", kind.__name__)
    if kind.__name__ == "function":
        return f"<function {value.__qualname__}>"
    if kind.__name__ in ("builtin_function_or_method",):
        return f"<built-in function {value.__name__}>"
    if kind.__name__ == "generator":
        state = "suspended" if value.gi_suspended else ("running" if value.gi_running else "")
        if value.gi_frame is None:
            state = "finished"
        return f"<generator {value.__qualname__}{' ' + state if state else ''}>"
    if kind.__name__ == "coroutine":
        return f"<coroutine {value.__qualname__}>"
    if kind.__name__ == "module":
        return f"<module {value.__name__}>"
    if isinstance(value, type):
        return f"<class {value.__qualname__}>"
    if isinstance(value, BaseException) and kind.__module__ == "builtins":
        args = ", ".join(safe_repr(arg, depth + 1) for arg in value.args[:3])
        return _short(f"{kind.__name__}({args})")
    return f"<{name} object>"


def _container_repr(value, depth):
    if depth >= 2:
        return "[…]" if isinstance(value, list) else "(…)" if isinstance(value, tuple) else "{…}"
    items = []
    count = 0
    if isinstance(value, dict):
        for key, item in value.items():
            if count == 6:
                items.append("…")
                break
            items.append(f"{safe_repr(key, depth + 1)}: {safe_repr(item, depth + 1)}")
            count += 1
    else:
        for item in value:
            if count == 8:
                items.append("…")
                break
            items.append(safe_repr(item, depth + 1))
            count += 1
    body = ", ".join(items)
    if isinstance(value, list):
        return f"[{body}]"
    if isinstance(value, tuple):
        return f"({body}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + body + "}"
    if not value:
        return f"{type(value).__name__}()"
    return "{" + body + "}" if isinstance(value, set) else f"frozenset({{{body}}})"


def _kind(code):
    # First: a cell with top-level await compiles its module code as a coroutine, but it is still the module.
    if code.co_name == "<module>":
        return "module"
    if code.co_flags & CO_GENERATOR:
        return "generator"
    if code.co_flags & (CO_COROUTINE | CO_ASYNC_GENERATOR):
        return "coroutine"
    return "function"


def _parameter_count(code):
    """How many of the first locals are the function's parameters (f_locals lists them first, in order)."""
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)  # *args, **kwargs
    return count


def _locals_of(frame, kind):
    """(name, safe repr) pairs, at most MAX_LOCALS, and how many were left out. At module level the locals are the
    module's globals: dunder names and the modules the cell imported are not the learner's variables."""
    try:
        names = frame.f_locals
        pairs = list(names.items())
    except Exception:  # noqa: BLE001 - a frame being torn down may refuse; show it without locals
        return [], 0
    shown = []
    hidden = 0
    for name, value in pairs:
        if kind == "module" and (name.startswith("__") or type(value).__name__ == "module"):
            continue
        if len(shown) == MAX_LOCALS:
            hidden += 1
            continue
        shown.append([name, safe_repr(value)])
    return shown, hidden


class _Recording:
    def __init__(self, filename):
        self.filename = filename
        self.steps = []
        self.frames = []
        self.frame_index = {}
        self.frame_ids = {}
        self.next_frame_id = 1
        self.chars = 0
        self.truncated = None
        self.max_depth = 0

    def frame_number(self, frame):
        """A stable number for each frame while it lives; a generator's frame keeps its number between resumes."""
        key = id(frame)
        number = self.frame_ids.get(key)
        if number is None:
            number = self.next_frame_id
            self.next_frame_id += 1
            self.frame_ids[key] = number
        return number

    def snapshot(self, frame, kind):
        code = frame.f_code
        shown, hidden = _locals_of(frame, kind)
        entry = (self.frame_number(frame), code.co_qualname, kind, frame.f_lineno, tuple(map(tuple, shown)), hidden)
        index = self.frame_index.get(entry)
        if index is None:
            index = len(self.frames)
            self.frame_index[entry] = index
            self.frames.append(
                {
                    "id": entry[0],
                    "name": code.co_qualname,
                    "kind": kind,
                    "line": frame.f_lineno,
                    "firstLine": code.co_firstlineno,
                    "params": _parameter_count(code),
                    "locals": shown,
                    "hiddenLocals": hidden,
                }
            )
            self.chars += 40 + len(code.co_qualname) + sum(len(n) + len(v) + 6 for n, v in shown)
        return index

    def chain(self, frame):
        """Indices of the snapshots of the cell's frames, outermost first, and how many were left out."""
        frames = []
        walker = frame
        while walker is not None:
            if walker.f_code.co_filename == self.filename:
                frames.append(walker)
            walker = walker.f_back
        frames.reverse()
        skipped = 0
        if len(frames) > MAX_CHAIN:
            skipped = len(frames) - MAX_CHAIN
            frames = frames[:KEEP_OUTER] + frames[KEEP_OUTER + skipped :]
        self.max_depth = max(self.max_depth, len(frames) + skipped)
        return [self.snapshot(f, _kind(f.f_code)) for f in frames], skipped, len(frames) + skipped

    def add(self, frame, event, extra=None):
        chain, skipped, depth = self.chain(frame)
        step = {"event": event, "line": frame.f_lineno, "chain": chain, "depth": depth}
        if skipped:
            step["skipped"] = skipped
        if extra:
            step.update(extra)
        self.steps.append(step)
        self.chars += 30 + 4 * len(chain)
        if len(self.steps) >= MAX_STEPS:
            self.truncated = "steps"
        elif self.chars >= MAX_CHARS:
            self.truncated = "size"


def _local_tracer(frame, event, arg):
    recording = _active
    if recording is None or recording.truncated:
        return None
    if event == "line":
        recording.add(frame, "line")
    elif event == "return":
        code = frame.f_code
        # A generator's 'return' is also each yield: the instruction it stopped at tells which.
        yielded = code.co_code[frame.f_lasti] == _YIELD_VALUE if frame.f_lasti >= 0 else False
        if yielded:
            recording.add(frame, "yield", {"value": safe_repr(arg)})
        else:
            extra = {"value": safe_repr(arg)}
            if recording.steps and recording.steps[-1]["event"] == "exception" and arg is None:
                # settrace reports a frame left by an exception as a 'return' of None after the 'exception'.
                extra = {"value": None, "unwound": True}
            recording.add(frame, "return", extra)
            recording.frame_ids.pop(id(frame), None)
    elif event == "exception":
        exc_type, exc, _ = arg
        recording.add(frame, "exception", {"exception": f"{exc_type.__name__}: {_short(str(exc))}"})
    if recording.truncated:
        _stop_tracing()
        return None
    return _local_tracer


def _global_tracer(frame, event, arg):
    recording = _active
    if recording is None or recording.truncated or frame.f_code.co_filename != recording.filename:
        return None
    if event == "call" and id(frame) in recording.frame_ids:
        # A generator resumed (its frame was seen before and has not finished): say so, so the steps show where
        # it came back, with the same frame number it had when it yielded.
        recording.add(frame, "resume")
        if recording.truncated:
            _stop_tracing()
            return None
    return _local_tracer


def _stop_tracing():
    if sys.gettrace() is _global_tracer:
        sys.settrace(None)


def _opcode(name):
    import dis

    return dis.opmap[name]


_YIELD_VALUE = _opcode("YIELD_VALUE")


def start(code, filename):
    """Begin recording the run of `code` (compiled from `filename`)."""
    global _active
    _active = _Recording(filename)
    _records[filename] = None
    sys.settrace(_global_tracer)


def stop():
    """End the recording, however the run ended."""
    global _active
    recording = _active
    _stop_tracing()
    _active = None
    if recording is None:
        return
    _records[recording.filename] = {
        "filename": recording.filename,
        "steps": recording.steps,
        "frames": recording.frames,
        "truncated": recording.truncated,
        "maxSteps": MAX_STEPS,
        "maxDepth": recording.max_depth,
    }


def result(filename):
    """What the last recorded run of `filename` did (None if it was not recorded):
    {filename, steps: [{event, line, chain: [frame index, …], depth, skipped?, value?, unwound?, exception?}],
     frames: [{id, name, kind, line, firstLine, params, locals: [[name, repr], …], hiddenLocals}], truncated: None |
     'steps' | 'size', maxSteps, maxDepth}."""
    return _records.get(filename)
