"""Trace mode (home page): take a program that just ran through the whole pipeline and report every stage.

`stages(source, filename)` is called after the cell ran `source` with `instrument=True`. It returns, as JSON-ready
data, one entry per stage in pipeline order, each with the real artifact and the time it took:

- tokens:   tokenize.generate_tokens over the source;
- ast:      ast.parse, shown as ast.dump(indent=2);
- bytecode: compile(), then dis of every code object (the ones the run really executed, via runner.code_of);
- pyc:      the source imported as a module: written to a fresh folder, compiled through the import system's
            SourceFileLoader with bytecode writing on, which writes __pycache__/<name>.cpython-314.pyc;
- run:      the instructions executed and the time of the cell's run (runner.last_run_summary);
- os:       the file-system calls made while writing the .pyc and during the run (fs_trace).

Every stage is {"stage", "ok", "seconds", ...}; a stage that could not run has ok False and a "reason".
Everything is capped so a large program cannot make the page wait or the JSON grow without bound.
"""

import ast
import dis
import importlib.machinery
import importlib.util
import io
import os
import shutil
import sys
import tempfile
import time
import tokenize

from lifecycle import fs_trace, runner

MAX_TOKENS = 400
MAX_AST_CHARS = 12_000
MAX_CODE_OBJECTS = 40
MAX_INSTRUCTIONS = 300
MAX_FS_CALLS = 300
PYC_HEAD_BYTES = 64
MODULE_NAME = "traced_program"

# The folder of the previous trace, removed at the next one so the in-memory file system does not fill up.
_previous_folder = None


def stages(source, filename):
    """Every stage of the pipeline for `source` (the code the cell `filename` just ran), in order."""
    parsed = _parse(source, filename)
    pyc, pyc_calls = _pyc_stage(source)
    run, run_calls = _run_stage(source, filename)
    return {
        "filename": filename,
        "lines": len(source.splitlines()),
        "syntaxError": _describe_syntax_error(parsed["error"]) if parsed["error"] else None,
        "stages": [
            _tokens_stage(source),
            _ast_stage(parsed),
            _bytecode_stage(source, filename, parsed),
            pyc,
            run,
            _os_stage(pyc_calls, run_calls),
        ],
    }


def _timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def _describe_syntax_error(exc):
    if isinstance(exc, tokenize.TokenError):
        # TokenError carries (message, (line, column)) as its arguments.
        message, (line, _column) = exc.args
        return {"type": "TokenError", "message": message, "line": line}
    return {
        "type": type(exc).__name__,
        "message": exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc),
        "line": getattr(exc, "lineno", None),
    }


def _failed(stage, reason, seconds=None):
    return {"stage": stage, "ok": False, "seconds": seconds, "reason": reason}


def _syntax_reason(error):
    where = f" at line {error['line']}" if error.get("line") else ""
    return f"{error['type']}{where}: {error['message']}"


# --- tokens ------------------------------------------------------------------------------------------------------


def _tokens_stage(source):
    tokens = []
    count = 0
    started = time.perf_counter()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            count += 1
            if len(tokens) < MAX_TOKENS:
                tokens.append(
                    {
                        "type": tokenize.tok_name[token.type],
                        "text": token.string,
                        "start": list(token.start),
                        "end": list(token.end),
                    }
                )
    except (tokenize.TokenError, SyntaxError) as exc:
        seconds = time.perf_counter() - started
        stage = _failed("tokens", _syntax_reason(_describe_syntax_error(exc)), seconds)
        # The tokens read before the error are real too: keep them.
        stage.update(count=count, tokens=tokens, truncated=count > len(tokens))
        return stage
    seconds = time.perf_counter() - started
    return {"stage": "tokens", "ok": True, "seconds": seconds, "count": count, "tokens": tokens,
            "truncated": count > len(tokens)}


# --- ast ---------------------------------------------------------------------------------------------------------


def _parse(source, filename):
    started = time.perf_counter()
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError) as exc:
        return {"tree": None, "error": exc, "seconds": time.perf_counter() - started}
    return {"tree": tree, "error": None, "seconds": time.perf_counter() - started}


def _ast_stage(parsed):
    if parsed["error"] is not None:
        reason = "the parser stopped: " + _syntax_reason(_describe_syntax_error(parsed["error"]))
        return _failed("ast", reason, parsed["seconds"])
    tree = parsed["tree"]
    dump = ast.dump(tree, indent=2)
    return {
        "stage": "ast",
        "ok": True,
        "seconds": parsed["seconds"],
        "nodes": sum(1 for _ in ast.walk(tree)),
        "statements": len(tree.body),
        "dump": dump[:MAX_AST_CHARS],
        "truncated": len(dump) > MAX_AST_CHARS,
    }


# --- bytecode ----------------------------------------------------------------------------------------------------


class _Flags:
    """The co_flags bits used by _kind (the same values as inspect.CO_*), without importing inspect."""

    CO_NEWLOCALS = 0x2
    CO_GENERATOR = 0x20
    CO_COROUTINE = 0x80
    CO_ASYNC_GENERATOR = 0x200


def _kind(code):
    if code.co_name == "<module>":
        return "module"
    if code.co_name == "<lambda>":
        return "lambda"
    if code.co_name in ("<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>"):
        return "generator expression" if code.co_name == "<genexpr>" else "comprehension"
    if code.co_name == "__annotate__":
        return "annotations"
    flags = code.co_flags
    if not flags & _Flags.CO_NEWLOCALS:
        return "class body"
    if flags & _Flags.CO_ASYNC_GENERATOR:
        return "async generator"
    if flags & _Flags.CO_COROUTINE:
        return "coroutine"
    if flags & _Flags.CO_GENERATOR:
        return "generator"
    return "function"


def _code_objects(code):
    """The module's code object, then every nested one in the order they appear (depth first)."""
    found = [code]
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            found.extend(_code_objects(const))
    return found


def _describe_code(code):
    # The plain listing, not the adaptive one: after an instrumented run (sys.monitoring) the adaptive view shows
    # INSTRUMENTED_INSTRUCTION everywhere until the code runs again, which says nothing about the program.
    instructions = []
    count = 0
    for instruction in dis.get_instructions(code):
        count += 1
        if len(instructions) < MAX_INSTRUCTIONS:
            instructions.append(
                {
                    "offset": instruction.offset,
                    "opname": instruction.opname,
                    "argrepr": instruction.argrepr,
                    "line": instruction.line_number,
                }
            )
    return {
        "name": code.co_name,
        "qualname": code.co_qualname,
        "kind": _kind(code),
        "firstLine": code.co_firstlineno,
        "count": count,
        "instructions": instructions,
        "truncated": count > len(instructions),
    }


def _bytecode_stage(source, filename, parsed):
    if parsed["error"] is not None:
        return _failed("bytecode", "nothing to compile: the parser stopped, so there is no AST for the compiler")
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    try:
        _, seconds = _timed(compile, source, filename, "exec", flags, True)
    except (SyntaxError, ValueError) as exc:
        # The parser accepts some programs the compiler refuses (e.g. `return` outside a function).
        return _failed("bytecode", "the compiler stopped: " + _syntax_reason(_describe_syntax_error(exc)))
    # The code objects the cell really ran, when it ran this source (else compiled afresh: same listing).
    record = runner.last_run(filename)
    ran = record is not None and record["source"] == source and record["code"] is not None
    code = runner.code_of(source, filename)
    objects = _code_objects(code)
    return {
        "stage": "bytecode",
        "ok": True,
        "seconds": seconds,
        "fromRun": ran,
        "total": len(objects),
        "codeObjects": [_describe_code(c) for c in objects[:MAX_CODE_OBJECTS]],
        "truncated": len(objects) > MAX_CODE_OBJECTS,
    }


# --- pyc ---------------------------------------------------------------------------------------------------------


def _fresh_folder():
    global _previous_folder
    if _previous_folder is not None:
        shutil.rmtree(_previous_folder, ignore_errors=True)
    _previous_folder = tempfile.mkdtemp(prefix="trace-", dir="/tmp")
    return _previous_folder


def _decode_header(data):
    return {
        "magic": data[:4].hex(),
        "magicNumber": int.from_bytes(data[:2], "little"),
        "magicMatches": data[:4] == importlib.util.MAGIC_NUMBER,
        "flags": int.from_bytes(data[4:8], "little"),
        "mtime": int.from_bytes(data[8:12], "little"),
        "sourceSize": int.from_bytes(data[12:16], "little"),
    }


def _pyc_stage(source):
    """Write the source as a module and let the import system compile and cache it, without running it again."""
    folder = _fresh_folder()
    path = os.path.join(folder, MODULE_NAME + ".py")
    with open(path, "w", encoding="utf-8") as file:
        file.write(source)
    cached = importlib.util.cache_from_source(path)
    loader = importlib.machinery.SourceFileLoader(MODULE_NAME, path)
    saved_flag = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    fs_trace.start()
    started = time.perf_counter()
    error = None
    try:
        loader.get_code(MODULE_NAME)
    except (SyntaxError, ValueError) as exc:
        error = exc
    finally:
        seconds = time.perf_counter() - started
        calls = fs_trace.stop()
        sys.dont_write_bytecode = saved_flag
    if error is not None:
        reason = "no .pyc written: the import system's compile step raised " + _syntax_reason(
            _describe_syntax_error(error)
        )
        stage = _failed("pyc", reason, seconds)
        stage["sourcePath"] = path
        return stage, calls
    with open(cached, "rb") as file:
        data = file.read()
    return {
        "stage": "pyc",
        "ok": True,
        "seconds": seconds,
        "module": MODULE_NAME,
        "sourcePath": path,
        "path": cached,
        "size": len(data),
        "listing": sorted(os.listdir(os.path.dirname(cached))),
        "head": data[:PYC_HEAD_BYTES].hex(),
        "header": _decode_header(data),
    }, calls


# --- run and os --------------------------------------------------------------------------------------------------


def _run_stage(source, filename):
    empty = {"calls": [], "dropped": 0}
    summary = runner.last_run_summary(filename)
    if summary is None or summary["source"] != source:
        return _failed("run", "no record of a run of this code: run the cell first"), empty
    if summary["instructions"] is None:
        return _failed("run", "the program did not start: it could not be compiled"), summary["fs"] or empty
    return {
        "stage": "run",
        "ok": True,
        "seconds": summary["seconds"],
        "instructions": summary["instructions"],
    }, summary["fs"] or empty


def _os_stage(pyc_calls, run_calls):
    calls = [dict(call, phase="pyc") for call in pyc_calls["calls"]]
    calls += [dict(call, phase="run") for call in run_calls["calls"]]
    by_op = {}
    for call in calls:
        by_op[call["op"]] = by_op.get(call["op"], 0) + 1
    return {
        "stage": "os",
        "ok": True,
        "seconds": None,
        "total": len(calls) + pyc_calls["dropped"] + run_calls["dropped"],
        "byOp": by_op,
        "bytesWritten": sum(call.get("bytes", 0) for call in calls if call["op"] == "write"),
        "bytesRead": sum(call.get("bytes", 0) for call in calls if call["op"] == "read"),
        "calls": calls[:MAX_FS_CALLS],
        "truncated": len(calls) > MAX_FS_CALLS or bool(pyc_calls["dropped"] or run_calls["dropped"]),
    }
