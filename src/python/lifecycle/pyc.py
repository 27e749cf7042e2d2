"""The learner's cell taken as a module's source: the `pyc` and `cache-bench` widgets.

`write_pyc(source, mode)` writes the module into a fresh folder and makes its .pyc the way the import system does,
then decodes the file: the 16-byte header (PEP 552 layout) and the marshalled code object after it.
`cache_bench(source, copies)` measures what the cache saves: compile() against marshal.loads(), an import without
a .pyc against one with it, and running either code object (the same speed: a .pyc loads faster, it does not run
faster).

In Pyodide `sys.dont_write_bytecode` is True by default; both helpers switch it off only for their own work and
restore it.
"""

import contextlib
import datetime
import importlib
import importlib.machinery
import importlib.util
import io
import itertools
import marshal
import os
import py_compile
import shutil
import sys
import time

from lifecycle import fs_trace

MODULE_NAME = "lab_module"
LAB_ROOT = "/tmp/pyc-lab"
BENCH_ROOT = "/tmp/cache-bench"
BENCH_MODULE = "bench_module"
MAX_HEX_BYTES = 64 * 1024
MAX_OUTPUT = 2000
MAX_REPR = 120
EXPECTED_MAGIC = "2b 0e 0d 0a"

MODES = {
    "timestamp": None,
    "checked-hash": py_compile.PycInvalidationMode.CHECKED_HASH,
    "unchecked-hash": py_compile.PycInvalidationMode.UNCHECKED_HASH,
}

# A new folder per call, so no call sees the files of an earlier one.
_counter = itertools.count(1)


def _short(value, limit=MAX_REPR):
    if hasattr(value, "co_code"):
        return f"<code object {value.co_qualname}, line {value.co_firstlineno}>"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _CappedOutput(io.TextIOBase):
    """A stdout that keeps the first MAX_OUTPUT characters and counts the rest: a module that prints in a loop,
    run many times by the benchmark, must not fill the memory."""

    def __init__(self):
        self.kept = []
        self.size = 0
        self.total = 0

    def writable(self):
        return True

    def write(self, text):
        self.total += len(text)
        if self.size < MAX_OUTPUT:
            piece = text[: MAX_OUTPUT - self.size]
            self.kept.append(piece)
            self.size += len(piece)
        return len(text)

    def text(self):
        kept = "".join(self.kept)
        more = self.total - len(kept)
        return kept + (f"\n… ({more} more characters)" if more > 0 else "")


class _Discard(io.TextIOBase):
    """Where the timed runs print: nowhere, at the cost of a call."""

    def writable(self):
        return True

    def write(self, text):
        return len(text)


_DISCARD = _Discard()


def _fresh_folder(root):
    folder = f"{root}/{next(_counter)}"
    while os.path.exists(folder):
        folder = f"{root}/{next(_counter)}"
    os.makedirs(folder)
    return folder


def _listing(folder):
    """The folder's entries, with __pycache__'s contents, as 'name' or '__pycache__/name' (sorted)."""
    entries = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path):
            entries.append(name + "/")
            entries.extend(f"{name}/{inner}" for inner in sorted(os.listdir(path)))
        else:
            entries.append(name)
    return entries


@contextlib.contextmanager
def _bytecode_writing(allowed):
    """sys.dont_write_bytecode set for the block only (Pyodide's default is True: nothing written)."""
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = not allowed
    try:
        yield
    finally:
        sys.dont_write_bytecode = saved


def _make_pyc(source_path, mode):
    if mode == "timestamp":
        # What `import` does before executing a module: the source loader compiles it and caches the bytecode.
        loader = importlib.machinery.SourceFileLoader(MODULE_NAME, source_path)
        with _bytecode_writing(True):
            loader.get_code(MODULE_NAME)
        return importlib.util.cache_from_source(source_path)
    return py_compile.compile(source_path, doraise=True, invalidation_mode=MODES[mode])


def _header(data, source_path, source_bytes):
    flags = int.from_bytes(data[4:8], "little")
    header = {
        "magic": {
            "hex": data[0:4].hex(" "),
            "number": int.from_bytes(data[0:2], "little"),
            "expectedHex": importlib.util.MAGIC_NUMBER.hex(" "),
            "matches": data[0:4] == importlib.util.MAGIC_NUMBER,
        },
        "flags": {
            "hex": data[4:8].hex(" "),
            "value": flags,
            "hashBased": bool(flags & 0b01),
            "checkSource": bool(flags & 0b10),
        },
    }
    if flags & 0b01:
        header["hash"] = {
            "hex": data[8:16].hex(" "),
            "sourceHash": importlib.util.source_hash(source_bytes).hex(" "),
        }
    else:
        stat = os.stat(source_path)
        mtime = int.from_bytes(data[8:12], "little")
        header["mtime"] = {
            "hex": data[8:12].hex(" "),
            "value": mtime,
            "iso": datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc).isoformat(),
            "stat": int(stat.st_mtime) & 0xFFFFFFFF,
        }
        header["size"] = {
            "hex": data[12:16].hex(" "),
            "value": int.from_bytes(data[12:16], "little"),
            "stat": stat.st_size & 0xFFFFFFFF,
        }
    return header


def _run_captured(code, name):
    """exec `code` in a fresh module namespace with its output captured: proof that the unmarshalled code runs."""
    out = _CappedOutput()
    namespace = {"__name__": name, "__builtins__": __builtins__}
    error = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            exec(code, namespace)
        except BaseException as exc:  # noqa: BLE001 - the learner's module may raise anything; report it
            error = f"{type(exc).__name__}: {exc}"
    return {"ok": error is None, "error": error, "output": out.text()}


def write_pyc(source, mode="timestamp"):
    """Write `source` as lab_module.py in a fresh folder, produce its .pyc in `mode` ('timestamp',
    'checked-hash', 'unchecked-hash') and decode it."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    folder = _fresh_folder(LAB_ROOT)
    source_path = f"{folder}/{MODULE_NAME}.py"
    source_bytes = source.encode("utf-8")
    with open(source_path, "wb") as f:
        f.write(source_bytes)
    before = _listing(folder)
    error = None
    fs_trace.start()
    try:
        pyc_path = _make_pyc(source_path, mode)
    except (SyntaxError, py_compile.PyCompileError, ValueError) as exc:
        inner = getattr(exc, "exc_value", exc)
        error = f"{type(inner).__name__}: {getattr(inner, 'msg', inner)}"
    finally:
        trace = fs_trace.stop()
    if error is not None:
        return {"mode": mode, "folder": folder, "error": error, "before": before, "fs": trace}
    with open(pyc_path, "rb") as f:
        data = f.read()
    code = marshal.loads(data[16:])
    return {
        "mode": mode,
        "folder": folder,
        "sourcePath": source_path,
        "sourceSize": len(source_bytes),
        "before": before,
        "after": _listing(folder),
        "pycPath": pyc_path,
        "cacheTag": sys.implementation.cache_tag,
        "size": len(data),
        "hex": data[:MAX_HEX_BYTES].hex(),
        "truncated": len(data) > MAX_HEX_BYTES,
        "header": _header(data, source_path, source_bytes),
        "expectedMagic": EXPECTED_MAGIC,
        "code": {
            "co_name": code.co_name,
            "co_filename": code.co_filename,
            "co_consts": [_short(k) for k in code.co_consts],
            "co_names": list(code.co_names),
            "sameAsCompile": code.co_code == compile(source, source_path, "exec", dont_inherit=True).co_code,
        },
        "run": _run_captured(code, MODULE_NAME),
        "fs": trace,
    }


# ---------------------------------------------------------------------------------------------------- cache-bench

TARGET_LINES = 300
MAX_COPIES = 50
TIME_BUDGET = 2.4  # seconds for the whole benchmark; six measurements share it
MAX_REPEATS = 5


def default_copies(source):
    """How many copies of the source make a module of about TARGET_LINES lines (1 to MAX_COPIES)."""
    lines = max(1, source.count("\n") + (0 if source.endswith("\n") else 1))
    return max(1, min(MAX_COPIES, round(TARGET_LINES / lines)))


def _calls_per_repeat(fn, share):
    """Time one call of `fn` (which also warms it up); how many calls make a repeat last about `share` seconds."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    return first, (max(1, int(share / first)) if first > 0 else 1000)


def _compare_calls(fa, fb, budget):
    """Seconds per call of `fa` and of `fb`: the minimum over up to MAX_REPEATS repeats each, alternating a and b
    so that a drift of the machine's speed hits both alike, stopping once the budget is spent."""
    share = budget / (2 * MAX_REPEATS)
    started = time.perf_counter()
    best_a, number_a = _calls_per_repeat(fa, share)
    best_b, number_b = _calls_per_repeat(fb, share)
    for _ in range(MAX_REPEATS):
        if time.perf_counter() - started >= budget:
            break
        for fn, number, which in ((fa, number_a, "a"), (fb, number_b, "b")):
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            per_call = (time.perf_counter() - t0) / number
            if which == "a":
                best_a = min(best_a, per_call)
            else:
                best_b = min(best_b, per_call)
    return best_a, best_b


def _import_once(folder, use_pyc):
    """Seconds for one import of the bench module from a clean sys.modules. Without the .pyc, __pycache__ is
    deleted first and nothing is written, so the import compiles; with it, the .pyc written before is read."""
    sys.modules.pop(BENCH_MODULE, None)
    if not use_pyc:
        shutil.rmtree(os.path.join(folder, "__pycache__"), ignore_errors=True)
    importlib.invalidate_caches()
    with _bytecode_writing(use_pyc), contextlib.redirect_stdout(_DISCARD), contextlib.redirect_stderr(_DISCARD):
        t0 = time.perf_counter()
        importlib.import_module(BENCH_MODULE)
        elapsed = time.perf_counter() - t0
    sys.modules.pop(BENCH_MODULE, None)
    return elapsed


def _compare_imports(folder, path, budget):
    """Best of up to 2 * MAX_REPEATS imports without and with the .pyc, alternating, within the budget."""
    best_src = best_pyc = None
    started = time.perf_counter()
    for repeat in range(2 * MAX_REPEATS):
        if repeat > 0 and time.perf_counter() - started >= budget:
            break
        src = _import_once(folder, use_pyc=False)
        py_compile.compile(path, doraise=True)  # the .pyc the next import reads (written outside the timing)
        pyc = _import_once(folder, use_pyc=True)
        best_src = src if best_src is None else min(best_src, src)
        best_pyc = pyc if best_pyc is None else min(best_pyc, pyc)
    return best_src, best_pyc


def _pair(label, a_name, a, b_name, b, note):
    return {
        "label": label,
        "a": {"name": a_name, "seconds": a},
        "b": {"name": b_name, "seconds": b},
        "ratio": a / b if b > 0 else None,
        "note": note,
    }


def cache_bench(source, copies=None):
    """Measure, for a module made of `copies` copies of `source`: compile() vs marshal.loads() of its .pyc body,
    import without vs with the .pyc, exec of the compiled vs the unmarshalled code object. The whole run stays
    within about TIME_BUDGET seconds (plus one import and one run of the module body when those are slow)."""
    copies = default_copies(source) if copies is None else max(1, min(MAX_COPIES, int(copies)))
    body = source if source.endswith("\n") else source + "\n"
    module_source = body * copies
    folder = _fresh_folder(BENCH_ROOT)
    path = f"{folder}/{BENCH_MODULE}.py"
    with open(path, "w", encoding="utf-8") as f:
        f.write(module_source)
    info = {
        "copies": copies,
        "lines": module_source.count("\n"),
        "chars": len(module_source),
        "folder": folder,
    }
    try:
        compiled = compile(module_source, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return {**info, "error": f"SyntaxError: {exc.msg} (line {exc.lineno})", "pairs": []}
    pyc_path = py_compile.compile(path, doraise=True)
    with open(pyc_path, "rb") as f:
        pyc = f.read()
    info["pycSize"] = len(pyc)
    budget = TIME_BUDGET / 3
    # One run with its output kept, to show what the module prints; the timed runs print into _DISCARD.
    shown = _run_captured(compiled, BENCH_MODULE)
    if not shown["ok"]:
        return {**info, "error": shown["error"], "output": shown["output"], "pairs": []}

    def run(code):
        namespace = {"__name__": BENCH_MODULE, "__builtins__": __builtins__}
        with contextlib.redirect_stdout(_DISCARD), contextlib.redirect_stderr(_DISCARD):
            exec(code, namespace)

    started = time.perf_counter()
    try:
        t_compile, t_loads = _compare_calls(
            lambda: compile(module_source, path, "exec", dont_inherit=True), lambda: marshal.loads(pyc[16:]), budget
        )
        sys.path.insert(0, folder)
        try:
            t_import_src, t_import_pyc = _compare_imports(folder, path, budget)
        finally:
            sys.path.remove(folder)
            sys.path_importer_cache.pop(folder, None)  # the finder made for the folder, not needed again
        unmarshalled = marshal.loads(pyc[16:])
        t_exec_compiled, t_exec_loaded = _compare_calls(lambda: run(compiled), lambda: run(unmarshalled), budget)
    except BaseException as exc:  # noqa: BLE001 - the module body may raise; say so instead of failing
        return {**info, "error": f"{type(exc).__name__}: {exc}", "pairs": []}
    pairs = [
        _pair("Get a code object", "compile(source)", t_compile, "marshal.loads(pyc[16:])", t_loads,
              "Parsing and compiling against reading the cached bytes back."),
        _pair("Import the module", "import, no .pyc", t_import_src, "import, with .pyc", t_import_pyc,
              "Both imports find the file and run the module body; only the first compiles."),
        _pair("Run the code object", "exec(compiled)", t_exec_compiled, "exec(unmarshalled)", t_exec_loaded,
              "The same bytecode: a .pyc loads faster, it does not run faster."),
    ]
    return {
        **info,
        "pairs": pairs,
        "seconds": time.perf_counter() - started,
        "sameBytecode": compiled.co_code == unmarshalled.co_code,
        "output": shown["output"],
    }
