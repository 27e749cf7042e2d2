"""Grade a code challenge: run the learner's code, then the lesson's check, in one fresh namespace.

The page runs `grade(code, check)` as a normal (time-limited, stoppable) run, so a learner's endless loop is
ended by the run's time budget; the result is kept here and fetched afterwards with `last_result()`.
The content test calls `grade` directly (the check must fail on the starter and pass on the solution).

A result is plain data:
  {"passed": True}
  {"passed": False, "where": "code" | "check", "type": "AssertionError", "message": "...", "traceback": "..."}
`where` says whose code raised: the learner's ("code") or the check ("check"). An AssertionError raised by the
check is the check's message to the learner ("what is still missing").
"""

import traceback

CODE_FILENAME = "<your code>"
CHECK_FILENAME = "<check>"

# The result of the last grade() in this interpreter, for the page to fetch after the run.
_last = None


def _failure(exc, where):
    tb = exc.__traceback__
    # Start the traceback at the learner's (or the check's) own first frame, not at this module.
    while tb is not None and tb.tb_frame.f_code.co_filename not in (CODE_FILENAME, CHECK_FILENAME):
        tb = tb.tb_next
    message = str(exc)
    return {
        "passed": False,
        "where": where,
        "type": type(exc).__name__,
        "message": message,
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb)),
    }


def grade(code, check):
    """Run `code`, then `check`, in one fresh `__main__`-like namespace; return (and keep) the result.

    Only Exception subclasses become a failure: KeyboardInterrupt (Stop, time budget) and SystemExit go on to
    the runner, which reports them as an interrupted or exited run.
    """
    global _last
    _last = None
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    where = "code"
    try:
        compiled = compile(code, CODE_FILENAME, "exec", dont_inherit=True)
        exec(compiled, namespace)
        where = "check"
        exec(compile(check, CHECK_FILENAME, "exec", dont_inherit=True), namespace)
    except Exception as exc:  # noqa: BLE001 - every failure is reported to the learner
        _last = _failure(exc, where)
        return _last
    _last = {"passed": True}
    return _last


def last_result():
    """The result of the last `grade` run, or None when it did not finish (stopped, timed out, exited)."""
    return _last


def check_compiles(check):
    """None when the check compiles, else the SyntaxError as text (for the content test)."""
    try:
        compile(check, CHECK_FILENAME, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None
