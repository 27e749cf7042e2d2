"""Run a learner's cell the way `python cell.py` would, and report what happened as plain data.

The worker calls `run_cell` for every Run. It:
- gives each cell a fresh `__main__` namespace, or the page's shared one when the cell opts in;
- supports top-level `await` (Pyodide's CodeRunner compiles with PyCF_ALLOW_TOP_LEVEL_AWAIT);
- keeps a record of the last run of each cell (its code object, and when asked, the instructions executed and the
  file-system calls made), so widgets can show what the interpreter really ran, specialized bytecode included;
- turns SystemExit, KeyboardInterrupt and other exceptions into a result dict instead of an error in JavaScript;
- trims the traceback to the learner's frames: the frames of Pyodide's machinery that called the cell are dropped,
  so the learner sees what `python` itself would print.
"""

import ast
import json
import linecache
import os
import sys
import time
import traceback

from pyodide.code import CodeRunner

from lifecycle import fs_trace

_shared_namespace = None

# filename -> the record of that cell's last run (see `last_run`).
_runs = {}


def _new_namespace():
    return {"__name__": "__main__", "__builtins__": __builtins__}


def shared_namespace():
    """The page's namespace, created on first use and kept until the interpreter restarts."""
    global _shared_namespace
    if _shared_namespace is None:
        _shared_namespace = _new_namespace()
    return _shared_namespace


def _is_machinery(filename):
    """Frames that belong to Pyodide's runner or to this module, not to the learner."""
    return "/_pyodide/" in filename or "/pyodide/" in filename or filename == __file__


def _trim(tb):
    """Drop the leading frames of the machinery that called the learner's code."""
    while tb is not None and _is_machinery(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb


_COURSE_PACKAGE = os.path.dirname(__file__) + os.sep


def describe_exception(exc):
    """Type, message and a traceback that starts at the learner's first frame.

    Frames of the course's own helpers are left out anywhere in the stack: a widget's recorder may raise into the
    learner's code (the stepper's step budget), and its internals would only confuse the traceback."""
    report = traceback.TracebackException(type(exc), exc, _trim(exc.__traceback__))
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if not frame.filename.startswith(_COURSE_PACKAGE)]
    )
    lines = report.format()
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": "".join(lines),
    }


def _exit_code(exc):
    code = exc.code
    if code is None or isinstance(code, int):
        return code
    return str(code)


def _count_instructions():
    """Count every instruction the interpreter executes until the returned `stop()` is called (sys.monitoring)."""
    monitoring = sys.monitoring
    # The learner's own code may hold a tool id (lesson cells use sys.monitoring too): take the first free one.
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    if tool is None:
        return lambda: None
    counter = [0]

    def on_instruction(code, offset):
        counter[0] += 1

    monitoring.use_tool_id(tool, "course-trace")
    monitoring.register_callback(tool, monitoring.events.INSTRUCTION, on_instruction)
    monitoring.set_events(tool, monitoring.events.INSTRUCTION)

    def stop():
        monitoring.set_events(tool, 0)
        monitoring.register_callback(tool, monitoring.events.INSTRUCTION, None)
        monitoring.free_tool_id(tool)
        return counter[0]

    return stop


def _recorder(name):
    """The recorder module a widget asked for (`lifecycle.<name>`), or None."""
    if not name:
        return None
    import importlib

    return importlib.import_module(f"lifecycle.{name}")


async def run_cell(code, filename="<cell>", shared=False, instrument=False, recorder=None):
    """Run `code` as a script; return {'status': 'ok' | 'error' | 'exit' | 'interrupted', ...}.

    With `instrument`, the run also counts the instructions executed and records the file-system calls made;
    `last_run(filename)` returns them afterwards.

    With `recorder` (a module name in this package, e.g. "stepper"), the module's `start(code, filename)` is
    called with the compiled code object just before the run, and its `stop()` just after, however the run
    ends (error, Stop, time budget). Widgets that must watch the real run (a tracer, gc.callbacks) use this, so
    the learner's Stop and time budget still apply while they record.
    """
    namespace = shared_namespace() if shared else _new_namespace()
    # Register the source so tracebacks quote the learner's lines (mtime None: never checked against a file).
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    record = {"source": code, "code": None, "instructions": None, "fs": None, "seconds": None}
    _runs[filename] = record
    stop_counting = None
    stop_watching = None
    started = time.perf_counter()
    try:
        # dedent=False: run exactly the text the learner sees, so positions and errors match `python` itself.
        runner = CodeRunner(
            code, return_mode="none", filename=filename, flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dedent=False
        ).compile()
        record["code"] = runner.code
        watcher = _recorder(recorder)
        if watcher is not None:
            watcher.start(runner.code, filename)
            stop_watching = watcher.stop
        if instrument:
            fs_trace.start()
            stop_counting = _count_instructions()
            started = time.perf_counter()
        await runner.run_async(namespace)
    except SystemExit as exc:
        return {"status": "exit", "exitCode": _exit_code(exc)}
    except KeyboardInterrupt:
        return {"status": "interrupted"}
    except BaseException as exc:  # noqa: BLE001 - every exception is reported to the learner
        return {"status": "error", "error": describe_exception(exc)}
    finally:
        if stop_watching is not None:
            stop_watching()
        if stop_counting is not None:
            record["instructions"] = stop_counting()
            record["seconds"] = time.perf_counter() - started
            record["fs"] = fs_trace.stop()
        sys.stdout.flush()
        sys.stderr.flush()
    return {"status": "ok"}


def last_run(filename):
    """The record of the last run of `filename`: source, code object (None if it did not compile), and, for an
    instrumented run, instructions executed, seconds taken and file-system calls."""
    return _runs.get(filename)


def code_of(source, filename):
    """The code object the cell really ran when `source` is what it ran (it then carries the specializations
    the run caused); otherwise `source` compiled afresh."""
    record = _runs.get(filename)
    if record is not None and record["source"] == source and record["code"] is not None:
        return record["code"]
    return compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


async def run_cell_json(code, filename="<cell>", shared=False, instrument=False, recorder=None):
    """`run_cell` with the result as JSON text, so it crosses into JavaScript as a plain string."""
    return json.dumps(await run_cell(code, filename, shared, instrument, recorder))


def call_json(module, fn, args_json):
    """Call `module.fn(*args)` for a widget; arguments and result cross as JSON text."""
    import importlib

    target = getattr(importlib.import_module(module), fn)
    return json.dumps(target(*json.loads(args_json)))


def last_run_summary(filename):
    """`last_run` as JSON-ready data (without the code object), for widgets."""
    record = _runs.get(filename)
    if record is None:
        return None
    return {key: value for key, value in record.items() if key != "code"}
