"""Run a learner's cell the way `python cell.py` would, and report what happened as plain data.

The worker calls `run_cell` for every Run. It:
- gives each cell a fresh `__main__` namespace, or the page's shared one when the cell opts in;
- supports top-level `await` (Pyodide's eval_code_async compiles with PyCF_ALLOW_TOP_LEVEL_AWAIT);
- turns SystemExit, KeyboardInterrupt and other exceptions into a result dict instead of an error in JavaScript;
- trims the traceback to the learner's frames: the frames of Pyodide's machinery that called the cell are dropped,
  so the learner sees what `python` itself would print.
"""

import json
import linecache
import sys
import traceback

from pyodide.code import eval_code_async

_shared_namespace = None


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


def describe_exception(exc):
    """Type, message and a traceback that starts at the learner's first frame."""
    lines = traceback.format_exception(type(exc), exc, _trim(exc.__traceback__))
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


async def run_cell(code, filename="<cell>", shared=False):
    """Run `code` as a script; return {'status': 'ok' | 'error' | 'exit' | 'interrupted', ...}."""
    namespace = shared_namespace() if shared else _new_namespace()
    # Register the source so tracebacks quote the learner's lines (mtime None: never checked against a file).
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        await eval_code_async(code, namespace, filename=filename, return_mode="none")
    except SystemExit as exc:
        return {"status": "exit", "exitCode": _exit_code(exc)}
    except KeyboardInterrupt:
        return {"status": "interrupted"}
    except BaseException as exc:  # noqa: BLE001 - every exception is reported to the learner
        return {"status": "error", "error": describe_exception(exc)}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return {"status": "ok"}


async def run_cell_json(code, filename="<cell>", shared=False):
    """`run_cell` with the result as JSON text, so it crosses into JavaScript as a plain string."""
    return json.dumps(await run_cell(code, filename, shared))


def call_json(module, fn, args_json):
    """Call `module.fn(*args)` for a widget; arguments and result cross as JSON text."""
    import importlib

    target = getattr(importlib.import_module(module), fn)
    return json.dumps(target(*json.loads(args_json)))
