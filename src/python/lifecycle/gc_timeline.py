"""Record every run of the cycle collector while a cell runs (the `gc-timeline` widget).

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after (widget recorder
"gc_timeline"). In between, a function in `gc.callbacks` hears each collection begin ("start") and end ("stop"):
we keep its generation, when it began and how long it took (`time.perf_counter`), and from the "stop" info how
many objects it freed (`collected`) and could not free (`uncollectable`). `gc.get_count()` is sampled when the run
begins, before each collection and when the run ends: it is cheap (three integers).

Collections the program asked for with `gc.collect()` are marked `explicit`: while recording, `gc.collect` is a
thin wrapper that notes the request and calls the real one (the callback's `info` has no reason field). Everything
else the interpreter started by itself, when allocations crossed the threshold.

Pyodide 314.0.7 runs CPython 3.14.2, whose collector is the *incremental* one of 3.14.0-3.14.4 (3.14.5 went back to
3.13's generational collector). Measured there: automatic collections report generation 1 (the young objects plus
one increment of the old ones), `gc.collect()` and `gc.collect(2)` report 2 (everything), `gc.collect(0)` 0.

Bounded: at most MAX_EVENTS collections are stored; later ones are only counted.
"""

import gc
import time

MAX_EVENTS = 5000

# filename -> the finished record of that cell's last recorded run.
_records = {}
_active = None
_real_collect = gc.collect


class _Recording:
    def __init__(self, filename):
        self.filename = filename
        self.started = time.perf_counter()
        self.count_at_start = list(gc.get_count())
        self.collections = []
        self.dropped = 0
        self.pending = None
        self.explicit_depth = 0

    def ms(self, moment):
        return round((moment - self.started) * 1000, 3)


def _callback(phase, info):
    recording = _active
    if recording is None:
        return
    now = time.perf_counter()
    if phase == "start":
        recording.pending = (now, info.get("generation"), list(gc.get_count()), recording.explicit_depth > 0)
        return
    if recording.pending is None:
        return
    began, generation, count_before, explicit = recording.pending
    recording.pending = None
    if len(recording.collections) >= MAX_EVENTS:
        recording.dropped += 1
        return
    recording.collections.append(
        {
            "index": len(recording.collections),
            "generation": info.get("generation", generation),
            "startMs": recording.ms(began),
            "durationMs": round((now - began) * 1000, 3),
            "collected": info.get("collected", 0),
            "uncollectable": info.get("uncollectable", 0),
            "explicit": explicit,
            "countBefore": count_before,
        }
    )


def _collect(generation=2):
    """gc.collect while recording: the real one, with the request noted so its collection is marked explicit."""
    recording = _active
    if recording is not None:
        recording.explicit_depth += 1
    try:
        return _real_collect(generation)
    finally:
        if recording is not None:
            recording.explicit_depth -= 1


_collect.__name__ = _real_collect.__name__
_collect.__qualname__ = _real_collect.__qualname__
_collect.__doc__ = _real_collect.__doc__


def start(code, filename):
    """Begin recording the collections of the run of `code` (compiled from `filename`)."""
    global _active
    _active = _Recording(filename)
    _records[filename] = None
    if _callback not in gc.callbacks:
        gc.callbacks.append(_callback)
    gc.collect = _collect


def stop():
    """End the recording, however the run ended."""
    global _active
    recording = _active
    _active = None
    if gc.collect is _collect:
        gc.collect = _real_collect
    while _callback in gc.callbacks:
        gc.callbacks.remove(_callback)
    if recording is None:
        return
    collections = recording.collections
    largest = max(collections, key=lambda c: c["collected"], default=None)
    _records[recording.filename] = {
        "filename": recording.filename,
        "durationMs": recording.ms(time.perf_counter()),
        "collections": collections,
        "dropped": recording.dropped,
        "maxEvents": MAX_EVENTS,
        "countAtStart": recording.count_at_start,
        "countAtEnd": list(gc.get_count()),
        "threshold": list(gc.get_threshold()),
        "enabled": gc.isenabled(),
        "totalCollected": sum(c["collected"] for c in collections),
        "totalUncollectable": sum(c["uncollectable"] for c in collections),
        "largest": None if largest is None or largest["collected"] == 0 else largest["index"],
    }


def result(filename):
    """What the collector did during the last recorded run of `filename` (None if it was not recorded):
    {filename, durationMs, collections: [{index, generation, startMs, durationMs, collected, uncollectable,
    explicit, countBefore: [g0, g1, g2]}], dropped, maxEvents, countAtStart, countAtEnd, threshold, enabled,
    totalCollected, totalUncollectable, largest: index of the collection that freed the most, or None}."""
    return _records.get(filename)
