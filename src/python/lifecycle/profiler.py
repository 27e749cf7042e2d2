"""Profile a cell's real run with cProfile (the `profile` widget): a pstats table and a call tree for an icicle.

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after (widget recorder
"profiler"; the module is not called `profile`, which would shadow the standard library's). `start` enables a
`cProfile.Profile`, `stop` disables it and turns `pstats.Stats` into plain data:

- `rows`: one per function the learner's code ran, as `pstats` prints them: ncalls, primitive calls, tottime,
  cumtime, the two per-call columns, and the function with file:line. Frames of the machinery that ran the cell
  (Pyodide's runner, this package, the profiler's own `disable`) are left out: only what is reachable from the
  cell's own code through caller -> callee edges is kept.
- `tree`: a call tree for the icicle. pstats keeps only caller -> callee *pairs* with their call counts and times,
  not whole call paths, so the tree is rebuilt from the roots (the cell's `<module>`, and any function of the cell
  that the machinery called, such as an asyncio task): each callee becomes a child sized by the time of that
  edge. Where a function is reached along several paths, its callees' times and call counts are shared out in
  proportion (by time and by calls; those nodes are marked `estimated`); a function already on the path is not expanded again (recursion or a cycle; the node is
  marked `recursive`); children never add up to more than their parent. Depth and node count are capped.

Times are in seconds, from cProfile's default clock (`time.perf_counter`), whose steps in a browser are 5 us on a
cross-origin-isolated page and 100 us otherwise. cProfile is built on sys.monitoring since 3.12 and only one
profiler may be active at a time: if the learner's own code is profiling already, this run is not recorded.
"""

import cProfile
import os
import pstats

MAX_ROWS = 200
MAX_NODES = 400
MAX_DEPTH = 32

# filename -> the finished record of that cell's last profiled run.
_records = {}
_active = None

_PACKAGE = os.path.dirname(__file__) + os.sep


class _Recording:
    def __init__(self, filename):
        self.filename = filename
        self.profiler = cProfile.Profile()
        self.error = None


def _is_machinery(func):
    """Functions of the machinery around the run: Pyodide's code runner, this package, the profiler itself."""
    filename, _line, name = func
    if filename == "~":
        return "_lsprof.Profiler" in name
    return filename.startswith(_PACKAGE) or "/_pyodide/" in filename


def short_name(func):
    """A function's name as the icicle labels it: `main`, `<module>`, `sum`, `math.sqrt`, `list.sort`."""
    filename, _line, name = func
    if filename != "~":
        return name
    if name.startswith("<built-in method ") and name.endswith(">"):
        qualified = name[len("<built-in method ") : -1]
        return qualified.removeprefix("builtins.")
    if name.startswith("<method '") and name.endswith(" objects>"):
        # "<method 'sort' of 'list' objects>" -> "list.sort"
        parts = name.split("'")
        if len(parts) >= 4:
            return f"{parts[3]}.{parts[1]}"
    return name


def label(func):
    """pstats' own way of naming a function: `file:line(name)`, or the built-in's description."""
    filename, line, name = func
    if filename == "~":
        return name
    return f"{filename}:{line}({name})"


def _reachable(callees, roots):
    """Every function reachable from `roots` through caller -> callee edges, machinery left out."""
    seen = set()
    stack = list(roots)
    while stack:
        func = stack.pop()
        if func in seen or _is_machinery(func):
            continue
        seen.add(func)
        stack.extend(callees.get(func, ()))
    return seen


def _callee_map(stats):
    """func -> {callee: (calls, primitive calls, tottime, cumtime) of that edge}, from pstats' caller lists (whose
    tuples put all calls first, while a function's own entry starts with its primitive calls)."""
    callees = {}
    for callee, (_cc, _nc, _tt, _ct, callers) in stats.items():
        for caller, edge in callers.items():
            callees.setdefault(caller, {})[callee] = edge
    return callees


def _roots(stats, filename):
    """The cell's `<module>` first, then functions of the cell that something outside the cell's code called."""
    callees = _callee_map(stats)
    own = [func for func in stats if func[0] == filename]
    modules = [func for func in own if func[2] == "<module>"]
    reached = _reachable(callees, modules)
    roots = list(modules)
    for func in sorted(own, key=lambda f: -stats[f][3]):
        if func not in reached:
            roots.append(func)
            reached |= _reachable(callees, [func])
    return roots, reached


def _rows(stats, keep, index):
    rows = []
    for func in keep:
        primitive, calls, tottime, cumtime, _callers = stats[func]
        rows.append(
            {
                "id": index[func],
                "name": short_name(func),
                "label": label(func),
                "file": None if func[0] == "~" else func[0],
                "line": None if func[0] == "~" else func[1],
                "ncalls": calls,
                "primitive": primitive,
                "tottime": tottime,
                "percallTot": tottime / calls if calls else 0.0,
                "cumtime": cumtime,
                "percallCum": cumtime / primitive if primitive else 0.0,
            }
        )
    return rows


class _TreeBuilder:
    def __init__(self, stats, keep, index):
        self.stats = stats
        self.keep = keep
        self.index = index
        self.callees = _callee_map(stats)
        self.nodes = 0
        self.cut = 0

    def node(self, func, calls, time, path, estimated):
        """A node for `func`, reached `calls` times from its parent, standing for `time` seconds of it."""
        self.nodes += 1
        total = self.stats[func][3]
        share = min(1.0, time / total) if total > 0 else 1.0
        recursive = func in path
        node = {
            "id": self.nodes - 1,
            "row": self.index[func],
            "name": short_name(func),
            "calls": calls,
            "time": time,
            "self": time,
            "estimated": estimated,
            "recursive": recursive,
            "children": [],
        }
        if recursive:
            return node
        if len(path) + 1 >= MAX_DEPTH:
            self.cut += 1
            return node
        edges = [
            (callee, edge)
            for callee, edge in self.callees.get(func, {}).items()
            if callee in self.keep
        ]
        # Largest first: when the node budget runs out, the small calls are the ones left undrawn.
        edges.sort(key=lambda item: -item[1][3])
        # The same proportion for counts, by calls: 2 of a's 3 calls made 2 of its 3 calls to sum.
        # Primitive calls: a node stands for calls from outside the function (its recursive calls are inside them).
        all_calls = self.stats[func][0]
        call_share = min(1.0, calls / all_calls) if all_calls > 0 else 1.0
        # An edge is (calls, primitive calls, tottime, cumtime): pstats' order for callers, unlike its own entries.
        wanted = [(callee, _share_calls(edge[0], call_share), edge[3] * share) for callee, edge in edges]
        children_time = sum(t for _c, _n, t in wanted)
        # Never let the children add up to more than the parent (recursion and sharing can overcount).
        scale = time / children_time if children_time > time and children_time > 0 else 1.0
        child_estimated = estimated or share < 1.0 or call_share < 1.0 or scale < 1.0
        for callee, callee_calls, callee_time in wanted:
            if self.nodes >= MAX_NODES:
                self.cut += 1
                continue
            node["children"].append(
                self.node(callee, callee_calls, callee_time * scale, path | {func}, child_estimated)
            )
        node["self"] = max(0.0, time - sum(child["time"] for child in node["children"]))
        return node


def _share_calls(calls, share):
    """A whole number of calls for a share of an edge's calls (at least one: the edge did happen)."""
    if share >= 1.0:
        return calls
    return max(1, round(calls * share))


def _build(stats, filename):
    roots, reached = _roots(stats, filename)
    # Order rows by own time, as `pstats` sorts with "tottime"; the table can re-sort.
    keep = sorted(reached, key=lambda f: (-stats[f][2], label(f)))
    index = {func: i for i, func in enumerate(keep)}
    rows = _rows(stats, keep[:MAX_ROWS], index)
    builder = _TreeBuilder(stats, set(keep), index)
    tree = [builder.node(func, stats[func][1], stats[func][3], frozenset(), False) for func in roots]
    total_calls = sum(stats[f][1] for f in keep)
    primitive_calls = sum(stats[f][0] for f in keep)
    return {
        "filename": filename,
        "totalTime": sum(node["time"] for node in tree),
        "totalCalls": total_calls,
        "primitiveCalls": primitive_calls,
        "functions": len(keep),
        "rows": rows,
        "rowsDropped": max(0, len(keep) - MAX_ROWS),
        "tree": tree,
        "nodesCut": builder.cut,
        "hasRecursion": _any(tree, "recursive"),
        "hasEstimates": _any(tree, "estimated"),
        "error": None,
    }


def _any(nodes, flag):
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node[flag]:
            return True
        stack.extend(node["children"])
    return False


def start(code, filename):
    """Begin profiling the run of `code` (compiled from `filename`)."""
    global _active
    recording = _Recording(filename)
    _records[filename] = None
    try:
        recording.profiler.enable()
    except ValueError as exc:
        # "Another profiling tool is already active": the learner's own code holds the profiler slot.
        recording.error = str(exc)
        recording.profiler = None
    _active = recording


def stop():
    """End the profile, however the run ended, and keep it as plain data."""
    global _active
    recording = _active
    _active = None
    if recording is None:
        return
    if recording.profiler is None:
        _records[recording.filename] = _empty(recording.filename, recording.error)
        return
    recording.profiler.disable()
    try:
        stats = pstats.Stats(recording.profiler).stats
    except TypeError:
        # pstats raises when nothing at all was recorded.
        stats = {}
    _records[recording.filename] = _build(stats, recording.filename)


def _empty(filename, error):
    return {
        "filename": filename,
        "totalTime": 0.0,
        "totalCalls": 0,
        "primitiveCalls": 0,
        "functions": 0,
        "rows": [],
        "rowsDropped": 0,
        "tree": [],
        "nodesCut": 0,
        "hasRecursion": False,
        "hasEstimates": False,
        "error": error,
    }


def result(filename):
    """The profile of the last recorded run of `filename` (None if it was not recorded):
    {filename, totalTime, totalCalls, primitiveCalls, functions, rows: [{id, name, label, file, line, ncalls,
    primitive, tottime, percallTot, cumtime, percallCum}], rowsDropped, tree: [node], nodesCut, hasRecursion,
    hasEstimates, error}, where a node is {id, row, name, calls, time, self, estimated, recursive, children}.
    `row` is the `id` of the function's table row (which may be past MAX_ROWS and so not listed)."""
    return _records.get(filename)
