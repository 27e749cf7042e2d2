"""The file-system calls Python makes, recorded by the worker's wrapper around the Emscripten FS (fs-trace.ts).

`start()`, then `stop()` returns {'calls': [{'op', 'path', 'bytes'?}, ...], 'dropped': n}. Outside a page or test
that installed the JavaScript side, tracing records nothing rather than failing.
"""

import json

try:
    import lifecycle_fs as _js
except ImportError:  # pragma: no cover - only without the JavaScript side
    _js = None

_active = False


def start():
    global _active
    if _js is not None and not _active:
        _js.start()
        _active = True


def stop():
    global _active
    if _js is None or not _active:
        return {"calls": [], "dropped": 0}
    _active = False
    return json.loads(_js.stop())


def traced(fn, *args):
    """Call `fn(*args)` while tracing; return (its result, the trace)."""
    start()
    try:
        result = fn(*args)
    finally:
        trace = stop()
    return result, trace
