"""Record the file-system calls of a cell's run (the `syscalls` widget): the browser's `strace`.

Native CPython asks the operating system's kernel for every file it touches, through system calls (`openat`,
`read`, `newfstatat`, `getdents64`, …) that `strace` can list. In Pyodide there is no kernel: the same C library
calls land in Emscripten's file system, written in JavaScript, which keeps the files in memory. The worker wraps
that file system's functions (src/python/fs-trace.ts, through `lifecycle.fs_trace`), so the calls it sees are the
ones CPython's C code made.

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after, however it ends
(widget recorder "syscalls"). The tracer keeps the first 2000 calls and counts the rest as dropped.
"""

from lifecycle import fs_trace

# filename -> the finished record of that cell's last recorded run.
_records = {}
_active = None


def start(code, filename):
    """Begin recording the file-system calls of the run of `code` (compiled from `filename`)."""
    global _active
    fs_trace.stop()  # a trace left running by an earlier, broken run would keep the old calls
    _active = filename
    _records[filename] = None
    fs_trace.start()


def _summary(calls, dropped):
    counts = {}
    bytes_read = 0
    bytes_written = 0
    for call in calls:
        counts[call["op"]] = counts.get(call["op"], 0) + 1
        if call["op"] == "read":
            bytes_read += call.get("bytes", 0)
        elif call["op"] == "write":
            bytes_written += call.get("bytes", 0)
    return {
        "total": len(calls) + dropped,
        "counts": counts,
        "bytesRead": bytes_read,
        "bytesWritten": bytes_written,
        "ms": round(sum(call["ms"] for call in calls), 3),
        "paths": len({call["path"] for call in calls}),
    }


def stop():
    """End the recording, however the run ended."""
    global _active
    filename = _active
    _active = None
    trace = fs_trace.stop()
    if filename is None:
        return
    calls = [
        {key: (round(value, 4) if key == "ms" else value) for key, value in call.items()}
        for call in trace["calls"]
    ]
    _records[filename] = {
        "filename": filename,
        "calls": calls,
        "dropped": trace["dropped"],
        "summary": _summary(calls, trace["dropped"]),
        "available": fs_trace._js is not None,
    }


def result(filename):
    """The file-system calls of the last recorded run of `filename` (None if it was not recorded):
    {filename, calls: [{op, path, bytes?, to?, ms}], dropped, available,
    summary: {total, counts: {op: n}, bytesRead, bytesWritten, ms, paths}}."""
    return _records.get(filename)
