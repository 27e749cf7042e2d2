"""The bytecode stepper's recorder: the cell's real run, one instruction per step, and a model of the value stack.

The runner calls `start(code, filename)` just before the cell runs and `stop()` just after (see runner.run_cell).
`start` switches on sys.monitoring events for the cell's own code objects only (the module and every function,
class body and lambda compiled from the cell), so the learner's program is watched and nothing else is:

- INSTRUCTION: one step per instruction the interpreter executes, with the frame chain and the locals;
- PY_START: the frame's RESUME (sys.monitoring reports a frame's start there, not as an INSTRUCTION);
- PY_RETURN: the real return value, to check the model against;
- PY_UNWIND and RAISE: an exception leaves the model's world (handlers reset the stack), so the model stops there.

CPython has no public way to read a frame's value stack, so the stack is MODELLED here from each instruction's
documented semantics (`stack_model` below), with values taken from the real locals, constants and globals at the
moment the instruction ran. A step's state is the state just AFTER its instruction ran: it is completed when the
same frame's next instruction starts (or when the frame returns). The model is checked against the real run: a
store must put into the local what the real run put there, and RETURN_VALUE must return the real return value. A
value the model cannot compute without running the learner's code again (a call to a C function, an attribute
lookup) is pending: shown as "?" until a store or a return reveals it. When the model disagrees with the run, or
meets an instruction it does not model, the frame's stack is not shown from that step on, and the step says why.

The step budget bounds the recording: past MAX_STEPS instructions the recorder raises StepBudgetExceeded into the
program, which ends the run (so a program that never ends still leaves its first steps to look at).
"""

import dis
import inspect
import sys
import types

from lifecycle import bytecode as bytecode_listing
from lifecycle.positions import source_lines

MAX_STEPS = 2000
MAX_LOCALS = 40
MAX_REPR = 60
MAX_ITEMS = 8
# Values bigger than this are not computed by the model (the real run computed them; a store will reveal them).
MAX_COMPUTED_ITEMS = 10_000

TOOL_NAME = "course-stepper"
_GENERATOR_FLAGS = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE


class StepBudgetExceeded(BaseException):
    """Raised into the learner's program when the stepper has recorded MAX_STEPS instructions.

    A BaseException, like KeyboardInterrupt, so an `except Exception` in a loop cannot swallow it."""


# ---------------------------------------------------------------------------------------------------------------
# Safe, bounded reprs: never call the learner's code (a user __repr__ would run traced code inside a callback).

_SCALARS = (int, float, complex, bool, type(None), str, bytes)


def safe_repr(value, limit=MAX_REPR, depth=2):
    text = _repr(value, depth)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _repr(value, depth):
    kind = type(value)
    if kind in (bool, type(None)) or value is Ellipsis:
        return repr(value)
    if kind is int:
        return repr(value) if value.bit_length() <= 200 else f"<int of {value.bit_length()} bits>"
    if kind in (float, complex):
        return repr(value)
    if kind is str:
        return repr(value if len(value) <= MAX_REPR else value[:MAX_REPR])
    if kind is bytes:
        return repr(value[:MAX_REPR])
    if kind in (list, tuple, set, frozenset):
        if depth <= 0:
            return "[…]" if kind is list else "(…)" if kind is tuple else "{…}"
        items = [_repr(item, depth - 1) for item in list(value)[:MAX_ITEMS]]
        more = ", …" if len(value) > MAX_ITEMS else ""
        if kind is list:
            return f"[{', '.join(items)}{more}]"
        if kind is tuple:
            return f"({items[0]},)" if len(value) == 1 else f"({', '.join(items)}{more})"
        if not value:
            return "set()" if kind is set else "frozenset()"
        inner = f"{{{', '.join(items)}{more}}}"
        return inner if kind is set else f"frozenset({inner})"
    if kind is dict:
        if depth <= 0:
            return "{…}"
        pairs = [f"{_repr(k, depth - 1)}: {_repr(v, depth - 1)}" for k, v in list(value.items())[:MAX_ITEMS]]
        more = ", …" if len(value) > MAX_ITEMS else ""
        return f"{{{', '.join(pairs)}{more}}}"
    if kind is range:
        return repr(value)
    if kind is types.FunctionType:
        return f"<function {value.__qualname__}>"
    if kind is types.BuiltinFunctionType:
        return f"<built-in function {value.__name__}>"
    if kind is types.CodeType:
        return f"<code object {value.co_name}>"
    if isinstance(value, type):
        return f"<class '{value.__qualname__}'>"
    if kind in (types.MethodDescriptorType, types.WrapperDescriptorType):
        return f"<method '{value.__name__}' of '{value.__objclass__.__name__}' objects>"
    if kind is types.ModuleType:
        return f"<module '{value.__name__}'>"
    return f"<{kind.__name__} object>"


def _is_safe(value, depth=3):
    """Whether the model may compute with `value`: builtin data all the way down (so == and + run no user code),
    and small."""
    kind = type(value)
    if kind in _SCALARS:
        return kind is not str or len(value) <= MAX_COMPUTED_ITEMS
    if kind is range:
        return True
    if kind in (list, tuple, set, frozenset):
        return depth > 0 and len(value) <= MAX_COMPUTED_ITEMS and all(_is_safe(v, depth - 1) for v in value)
    if kind is dict:
        return (
            depth > 0
            and len(value) <= MAX_COMPUTED_ITEMS
            and all(_is_safe(k, depth - 1) and _is_safe(v, depth - 1) for k, v in value.items())
        )
    return False


def _size_of(value):
    return len(value) if type(value) in (str, bytes, list, tuple, set, frozenset, dict) else 1


# ---------------------------------------------------------------------------------------------------------------
# Model values


class Value:
    """One modelled stack entry. `obj` is the object when the model knows it (a real object it loaded, or one it
    computed from known operands); `text` is a fixed description when only that is known (NULL, a new function);
    neither means pending: only a later store or return reveals it."""

    __slots__ = ("obj", "text", "known", "owned")

    def __init__(self, obj=None, *, text=None, known=True, owned=False):
        self.obj = obj
        self.text = text
        self.known = known and text is None
        self.owned = owned  # the model built this object itself (BUILD_LIST…): mutations are the model's to apply

    @property
    def pending(self):
        return not self.known and self.text is None

    def show(self):
        if self.known:
            return safe_repr(self.obj)
        return self.text if self.text is not None else "?"

    def resolve(self, obj):
        """A store or return revealed the real object."""
        self.obj, self.known, self.text = obj, True, None


NULL = "NULL"


def _null():
    return Value(text=NULL)


def _pending():
    return Value(known=False)


def _snapshot(part):
    """A stack entry or narration part for a step: text now, or the pending Value itself (shown when resolved)."""
    if isinstance(part, Value):
        return part if part.pending else part.show()
    return part


def _finish(part):
    if isinstance(part, Value):
        return part.show()
    return part


# ---------------------------------------------------------------------------------------------------------------
# Computation on known values

_BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "**": lambda a, b: a**b,
    "<<": lambda a, b: a << b,
    ">>": lambda a, b: a >> b,
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    "[]": lambda a, b: a[b],
}
_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
# Builtins the model may call again on known builtin data: pure, and bounded by MAX_COMPUTED_ITEMS.
_PURE_BUILTINS = {
    len, abs, min, max, sum, range, str, int, float, bool, tuple, list, sorted, repr, divmod, round, reversed,
    enumerate, zip, chr, ord, hash, isinstance,
}


def _too_big(op, a, b):
    """Operations whose result could be huge or slow: the model leaves them to the real run."""
    if op == "**" and type(b) is int and (abs(b) > 256 or (type(a) is int and a.bit_length() * abs(b) > 4096)):
        return True
    if op == "<<" and type(b) is int and b > 4096:
        return True
    if op == "*" and (type(a) is int or type(b) is int):
        other, count = (b, a) if type(a) is int else (a, b)
        if type(other) is not int and type(count) is int and _size_of(other) * max(count, 0) > MAX_COMPUTED_ITEMS:
            return True
    return False


def _compute(fn, *values):
    """fn(*objects) when every value is known builtin data; else a pending value."""
    if not all(v.known and _is_safe(v.obj) for v in values):
        return _pending()
    try:
        return Value(fn(*[v.obj for v in values]), owned=True)
    except Exception:  # noqa: BLE001 - the real run raised too; the RAISE event will stop the model
        return _pending()


# ---------------------------------------------------------------------------------------------------------------
# The recorder's state


class FrameModel:
    """The model of one frame's value stack, and the step of its instruction still waiting to be completed."""

    def __init__(self, frame, code_index, qualname):
        self.frame = frame  # held so the frame's id is not reused while it is watched
        self.code_index = code_index
        self.qualname = qualname
        self.stack = []
        self.broken = None  # the step number where the model stopped, once it did
        self.pending = None  # (step dict, dis.Instruction): the instruction that just started in this frame
        self.raised = None  # the exception raised while the pending instruction ran
        self.callee_value = None  # what a cell function called by the pending CALL returned
        self.cleared = (False, None)  # what LOAD_FAST_AND_CLEAR's variable held before it ran
        self.iterators = {}  # id(iterator Value) -> the model's own iterator over the same builtin data


class Recording:
    def __init__(self, code, filename):
        self.filename = filename
        self.codes = bytecode_listing.code_objects(code)
        self.index_of = {id(c): i for i, c in enumerate(self.codes)}
        self.instructions = []  # per code object: {offset: Instruction}
        self.following = []  # per code object: {offset: offset of the next instruction in the listing}
        for c in self.codes:
            listing = list(dis.get_instructions(c))
            self.instructions.append({ins.offset: ins for ins in listing})
            self.following.append({a.offset: b.offset for a, b in zip(listing, listing[1:])})
        self.steps = []
        self.frames = {}  # id(frame) -> FrameModel
        self.truncated = False
        self.tool = None
        self.monitored = False


_recording = None
_results = {}  # filename -> the last recording's result


def _caller():
    """The frame that is running the instruction a monitoring callback reports (the callback's caller)."""
    return sys._getframe(2)


def _locals_of(frame):
    """[[name, repr]] of a frame's variables, bounded; module and class frames drop dunder names and modules."""
    try:
        names = dict(frame.f_locals)
    except Exception:  # noqa: BLE001
        return []
    rows = []
    for name, value in names.items():
        if name.startswith("__") and name.endswith("__"):
            continue
        if type(value) is types.ModuleType and not frame.f_code.co_flags & inspect.CO_OPTIMIZED:
            continue
        rows.append([name, safe_repr(value)])
        if len(rows) >= MAX_LOCALS:
            break
    return rows


def _chain(rec, frame):
    """The cell's frames from the outermost to `frame`: function name, line, code object index."""
    chain = []
    while frame is not None and id(frame.f_code) in rec.index_of:
        chain.append({"name": frame.f_code.co_qualname, "line": frame.f_lineno, "code": rec.index_of[id(frame.f_code)]})
        frame = frame.f_back
    chain.reverse()
    return chain


def _model_of(rec, frame):
    model = rec.frames.get(id(frame))
    if model is None:
        code = frame.f_code
        model = FrameModel(frame, rec.index_of[id(code)], code.co_qualname)
        rec.frames[id(frame)] = model
        if code.co_flags & _GENERATOR_FLAGS:
            model.broken = -1  # set at the first step below
    return model


def _new_step(rec, frame, code, offset, opname):
    if len(rec.steps) >= MAX_STEPS:
        rec.truncated = True
        _switch_off(rec)
        raise StepBudgetExceeded(f"the stepper stopped the program after {MAX_STEPS} instructions (its step budget)")
    step = {
        "code": rec.index_of[id(code)],
        "offset": offset,
        "opname": opname,
        "line": frame.f_lineno,
        "frames": _chain(rec, frame),
        "locals": None,
        "stack": None,
        "narration": None,
        "problem": None,
        "_n": len(rec.steps) + 1,
    }
    rec.steps.append(step)
    return step


# ---------------------------------------------------------------------------------------------------------------
# Monitoring callbacks


def _on_start(code, offset):
    rec = _recording
    if rec is None:
        return
    frame = _caller()
    model = _model_of(rec, frame)
    step = _new_step(rec, frame, code, offset, "RESUME")
    step["locals"] = _locals_of(frame)
    if model.broken == -1:
        model.broken = len(rec.steps)
        step["narration"] = f"RESUME: the {code.co_qualname} frame starts."
        step["problem"] = "not modelled: generator and coroutine frames — the stack is not shown for this frame."
        return
    step["stack"] = []
    args = ", ".join(f"{name}={value}" for name, value in step["locals"][: code.co_argcount + code.co_kwonlyargcount])
    step["narration"] = (
        f"RESUME: the frame of {code.co_qualname}({args}) starts, with an empty value stack."
        if code.co_flags & inspect.CO_OPTIMIZED
        else f"RESUME: the {code.co_qualname} frame starts, with an empty value stack."
    )


def _on_instruction(code, offset):
    rec = _recording
    if rec is None:
        return
    frame = _caller()
    model = _model_of(rec, frame)
    _complete(rec, model, frame, next_offset=offset)
    index = rec.index_of[id(code)]
    ins = rec.instructions[index].get(offset)
    step = _new_step(rec, frame, code, offset, ins.opname if ins else "?")
    if ins is not None and ins.opname == "LOAD_FAST_AND_CLEAR":
        # The variable is cleared by the instruction: keep what it held before.
        model.cleared = _lookup_local(frame, ins.argval)
    model.pending = (step, ins)


def _on_return(code, offset, retval):
    rec = _recording
    if rec is None:
        return
    frame = _caller()
    model = _model_of(rec, frame)
    _complete(rec, model, frame, next_offset=None, returned=(retval,))
    parent = rec.frames.get(id(frame.f_back)) if frame.f_back is not None else None
    if parent is not None and parent.pending is not None:
        # The caller's CALL pushes exactly this object, if it called this function directly.
        parent.callee_value = (code, retval)
    if not code.co_flags & _GENERATOR_FLAGS:
        rec.frames.pop(id(frame), None)


def _on_unwind(code, offset, exception):
    rec = _recording
    if rec is None:
        return
    frame = _caller()
    model = _model_of(rec, frame)
    model.raised = model.raised or exception
    _complete(rec, model, frame, next_offset=None)
    rec.frames.pop(id(frame), None)


def _on_raise(code, offset, exception):
    rec = _recording
    if rec is None:
        return
    model = rec.frames.get(id(_caller()))
    if model is not None:
        model.raised = exception


def _complete(rec, model, frame, next_offset, returned=None):
    """Fill in the state after the frame's pending instruction: locals now, and the modelled stack."""
    if model.pending is None:
        return
    step, ins = model.pending
    model.pending = None
    step["locals"] = _locals_of(frame)
    if model.broken is not None:
        step["narration"] = _plain(ins)
        step["problem"] = f"The stack model stopped at step {model.broken}: the stack is not shown for this frame."
        return
    if model.raised is not None:
        exc = model.raised
        model.raised = None
        model.broken = step["_n"]
        step["narration"] = f"{_plain(ins)} It raised {type(exc).__name__}."
        step["problem"] = (
            f"An exception ({type(exc).__name__}) was raised: the interpreter unwinds the value stack to the "
            "handler's depth, which this model does not follow — the stack is not shown from here."
        )
        return
    try:
        narration, problem = stack_model(rec, model, frame, ins, next_offset, returned)
    except Exception as exc:  # noqa: BLE001 - a bug in the model must never break the learner's run
        narration, problem = _plain(ins), f"the stack model failed ({type(exc).__name__}: {exc})"
    model.callee_value = None
    if problem is not None:
        model.broken = step["_n"]
        step["narration"] = narration or _plain(ins)
        step["problem"] = problem
        return
    step["stack"] = [_snapshot(v) for v in model.stack]
    step["narration"] = [_snapshot(p) for p in narration]


def _plain(ins):
    if ins is None:
        return "An instruction ran."
    arg = f" ({ins.argrepr})" if ins.argrepr else ""
    return f"{ins.opname}{arg} ran."


# ---------------------------------------------------------------------------------------------------------------
# The stack model: one instruction's effect on the value stack. Returns (narration parts, problem or None).


def _lookup_local(frame, name):
    try:
        return True, frame.f_locals[name]
    except Exception:  # noqa: BLE001 - unbound
        return False, None


def _lookup_name(frame, name, scopes):
    for scope in scopes:
        namespace = frame.f_locals if scope == "locals" else frame.f_globals if scope == "globals" else frame.f_builtins
        try:
            return True, namespace[name]
        except Exception:  # noqa: BLE001
            continue
    return False, None


def _check_store(frame, name, value, found):
    """Compare the stored model value with the real variable after the store; a pending value learns it."""
    present, real = found
    if not present:
        if value.text == NULL:
            return None  # storing NULL leaves the variable unbound (the end of an inlined comprehension)
        return f"the model stored {value.show()} in {name}, but the real {name} is unbound"
    if value.pending:
        value.resolve(real)
        return None
    if value.text is not None:
        if value.text.startswith("<") and safe_repr(real) != value.text:
            return f"the model stored {value.text} in {name}, but the real {name} is {safe_repr(real)}"
        value.resolve(real)
        return None
    if safe_repr(value.obj) != safe_repr(real):
        return f"the model stored {value.show()} in {name}, but the real {name} is {safe_repr(real)}"
    return None


def _mismatch(problem):
    return f"The model disagrees with the real run: {problem} — the stack is not shown from here."


def _pop(model, count=1):
    if len(model.stack) < count:
        raise IndexError("the modelled stack is shorter than the instruction needs")
    if count == 0:
        return []
    popped = model.stack[-count:]
    del model.stack[-count:]
    return popped


def _seq(values):
    parts = []
    for i, value in enumerate(values):
        if i:
            parts.append(" and " if i == len(values) - 1 else ", ")
        parts.append(value)
    return parts


def stack_model(rec, model, frame, ins, next_offset, returned):
    if ins is None:
        return None, "not modelled: an instruction outside the listing — the stack is not shown from here."
    op = ins.opname
    stack = model.stack
    following = rec.following[model.code_index].get(ins.offset)

    if op in ("NOP", "NOT_TAKEN", "RESUME", "EXTENDED_ARG", "MAKE_CELL", "COPY_FREE_VARS"):
        return [f"{op} does nothing to the stack."], None
    if op in ("JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP"):
        return [f"{op} jumped to offset {ins.argval}; the stack is unchanged."], None

    if op in ("LOAD_FAST", "LOAD_FAST_BORROW", "LOAD_FAST_CHECK", "LOAD_DEREF"):
        present, real = _lookup_local(frame, ins.argval)
        if not present:
            return None, f"not modelled: {op} of an unbound variable — the stack is not shown from here."
        value = Value(real)
        stack.append(value)
        return [f"{op} pushed the value of {ins.argval}: ", value, "."], None
    if op == "LOAD_FAST_AND_CLEAR":
        present, real = model.cleared
        value = Value(real) if present else _null()
        stack.append(value)
        return [f"{op} pushed the old value of {ins.argval} (or NULL) and cleared the variable."], None
    if op in ("LOAD_FAST_LOAD_FAST", "LOAD_FAST_BORROW_LOAD_FAST_BORROW"):
        first, second = ins.argval
        values = []
        for name in (first, second):
            present, real = _lookup_local(frame, name)
            if not present:
                return None, f"not modelled: {op} of an unbound variable — the stack is not shown from here."
            values.append(Value(real))
        stack.extend(values)
        return [f"{op} pushed {first} (", values[0], f") and {second} (", values[1], ")."], None
    if op == "LOAD_SMALL_INT":
        value = Value(ins.arg)
        stack.append(value)
        return [f"{op} pushed the small int ", value, "."], None
    if op == "LOAD_CONST":
        value = Value(ins.argval)
        stack.append(value)
        return ["LOAD_CONST pushed the constant ", value, "."], None
    if op in ("LOAD_NAME", "LOAD_GLOBAL"):
        name = ins.argval
        scopes = ("locals", "globals", "builtins") if op == "LOAD_NAME" else ("globals", "builtins")
        present, real = _lookup_name(frame, name, scopes)
        if not present:
            return None, f"not modelled: {op} of a missing name — the stack is not shown from here."
        value = Value(real)
        stack.append(value)
        if op == "LOAD_GLOBAL" and ins.arg & 1:
            stack.append(_null())
            return [f"{op} pushed {name} (", value, ") and a NULL for the call that follows."], None
        return [f"{op} pushed {name}: ", value, "."], None
    if op == "PUSH_NULL":
        stack.append(_null())
        return ["PUSH_NULL pushed a NULL: the empty self slot of the call that follows."], None
    if op in ("STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF"):
        (value,) = _pop(model)
        name = ins.argval
        if op == "STORE_GLOBAL":
            found = _lookup_name(frame, name, ("globals",))
        elif op == "STORE_NAME":
            found = _lookup_name(frame, name, ("locals",))
        else:
            found = _lookup_local(frame, name)
        problem = _check_store(frame, name, value, found)
        if problem:
            return None, _mismatch(problem)
        return [f"{op} popped ", value, f" and stored it in {name}."], None
    if op == "STORE_FAST_LOAD_FAST":
        store, load = ins.argval
        (value,) = _pop(model)
        problem = _check_store(frame, store, value, _lookup_local(frame, store))
        if problem:
            return None, _mismatch(problem)
        present, real = _lookup_local(frame, load)
        loaded = Value(real) if present else _pending()
        stack.append(loaded)
        return [f"{op} popped ", value, f" into {store}, then pushed {load} (", loaded, ")."], None
    if op == "STORE_FAST_STORE_FAST":
        first, second = ins.argval
        below, top = _pop(model, 2)
        for name, value in ((first, top), (second, below)):
            problem = _check_store(frame, name, value, _lookup_local(frame, name))
            if problem:
                return None, _mismatch(problem)
        return [f"{op} popped ", top, f" into {first} and ", below, f" into {second}."], None
    if op in ("POP_TOP", "END_FOR", "POP_ITER"):
        (value,) = _pop(model)
        model.iterators.pop(id(value), None)
        return [f"{op} popped ", value, " and dropped it."], None
    if op == "COPY":
        value = stack[-ins.arg]
        stack.append(value)
        return [f"COPY {ins.arg} pushed another reference to ", value, "."], None
    if op == "SWAP":
        stack[-1], stack[-ins.arg] = stack[-ins.arg], stack[-1]
        return [f"SWAP {ins.arg} swapped the top of the stack (now ", stack[-1], ") with the item ", ins.arg - 1,
                " below it (now ", stack[-ins.arg], ")."], None

    if op == "BINARY_OP":
        left, right = _pop(model, 2)
        symbol = ins.argrepr
        base = symbol[:-1] if symbol.endswith("=") and symbol not in ("==",) else symbol
        fn = _BINARY.get(base)
        if fn is None:
            return None, f"not modelled: BINARY_OP ({symbol}) — the stack is not shown from here."
        if left.known and right.known and _too_big(base, left.obj, right.obj):
            result = _pending()
        else:
            result = _compute(fn, left, right)
        stack.append(result)
        return [f"BINARY_OP ({symbol}) popped ", left, " and ", right, " and pushed ", result, "."], None
    if op == "COMPARE_OP":
        left, right = _pop(model, 2)
        symbol = ins.argrepr
        to_bool = symbol.startswith("bool(")
        base = symbol[5:-1] if to_bool else symbol
        fn = _COMPARE.get(base)
        if fn is None:
            return None, f"not modelled: COMPARE_OP ({symbol}) — the stack is not shown from here."
        result = _compute((lambda a, b: bool(fn(a, b))) if to_bool else fn, left, right)
        stack.append(result)
        return [f"COMPARE_OP ({symbol}) popped ", left, " and ", right, " and pushed ", result, "."], None
    if op == "CONTAINS_OP":
        left, right = _pop(model, 2)
        negate = ins.arg == 1
        result = _compute((lambda a, b: a not in b) if negate else (lambda a, b: a in b), left, right)
        stack.append(result)
        word = "not in" if negate else "in"
        return [f"CONTAINS_OP ({word}) popped ", left, " and ", right, " and pushed ", result, "."], None
    if op == "IS_OP":
        left, right = _pop(model, 2)
        negate = ins.arg == 1
        if left.known and right.known and not (left.owned or right.owned):
            result = Value((left.obj is not right.obj) if negate else (left.obj is right.obj))
        elif left.text == NULL or right.text == NULL:
            return None, "not modelled: IS_OP on NULL — the stack is not shown from here."
        else:
            result = _pending()
        stack.append(result)
        word = "is not" if negate else "is"
        return [f"IS_OP ({word}) popped ", left, " and ", right, " and pushed ", result, "."], None
    if op in ("TO_BOOL", "UNARY_NOT", "UNARY_NEGATIVE", "UNARY_INVERT"):
        (value,) = _pop(model)
        fn = {"TO_BOOL": bool, "UNARY_NOT": lambda v: not v, "UNARY_NEGATIVE": lambda v: -v,
              "UNARY_INVERT": lambda v: ~v}[op]
        result = _compute(fn, value)
        stack.append(result)
        return [f"{op} popped ", value, " and pushed ", result, "."], None
    if op in ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE"):
        (value,) = _pop(model)
        jumped = next_offset is not None and next_offset != following
        where = f"jumped to offset {ins.argval}" if jumped else "did not jump"
        return [f"{op} popped ", value, f" and {where}."], None

    if op == "GET_ITER":
        (iterable,) = _pop(model)
        iterator = Value(text=f"<iterator over {iterable.show()}>")
        if iterable.known and type(iterable.obj) in (list, tuple, range, str, dict, set, frozenset, bytes) and _is_safe(iterable.obj):
            model.iterators[id(iterator)] = iter(iterable.obj)
        stack.append(iterator)
        return ["GET_ITER popped ", iterable, " and pushed an iterator over it."], None
    if op == "FOR_ITER":
        iterator = stack[-1]
        if next_offset is not None and next_offset != following:
            model.iterators.pop(id(iterator), None)
            return [f"FOR_ITER found the iterator exhausted and jumped past END_FOR to offset {next_offset}."], None
        ours = model.iterators.get(id(iterator))
        item = _pending()
        if ours is not None:
            try:
                item = Value(next(ours))
            except StopIteration:
                return None, _mismatch("the model's iterator ended but the real loop went on")
        elif model.callee_value is not None:
            item = Value(model.callee_value[1])  # a generator of the cell yielded it
        model.callee_value = None
        stack.append(item)
        return ["FOR_ITER pushed the iterator's next item: ", item, "."], None

    if op in ("BUILD_LIST", "BUILD_TUPLE", "BUILD_SET"):
        items = _pop(model, ins.arg)
        kind = {"BUILD_LIST": list, "BUILD_TUPLE": tuple, "BUILD_SET": set}[op]
        result = _compute(lambda *objs: kind(objs), *items) if items else Value(kind(), owned=True)
        stack.append(result)
        if not items:
            return [f"{op} pushed a new empty {kind.__name__}: ", result, "."], None
        return [f"{op} popped ", *_seq(items), " and pushed ", result, "."], None
    if op == "BUILD_MAP":
        items = _pop(model, 2 * ins.arg)
        result = _compute(lambda *objs: dict(zip(objs[::2], objs[1::2])), *items) if items else Value({}, owned=True)
        stack.append(result)
        return [f"BUILD_MAP popped {ins.arg} key/value pair{'s' if ins.arg != 1 else ''} and pushed ", result, "."], None
    if op == "BUILD_STRING":
        items = _pop(model, ins.arg)
        result = _compute(lambda *objs: "".join(objs), *items)
        stack.append(result)
        return ["BUILD_STRING joined ", *_seq(items), " into ", result, "."], None
    if op in ("LIST_APPEND", "LIST_EXTEND", "SET_ADD"):
        (value,) = _pop(model)
        target = stack[-ins.arg]
        if target.known and target.owned:
            if value.known and _is_safe(value.obj) and type(target.obj) in (list, set):
                {"LIST_APPEND": list.append, "LIST_EXTEND": list.extend, "SET_ADD": set.add}[op](target.obj, value.obj)
            else:
                target.obj, target.known = None, False
        # A real container (not built by the model) has already been changed by the real instruction.
        verb = {"LIST_APPEND": "appended", "LIST_EXTEND": "extended", "SET_ADD": "added"}[op]
        return [f"{op} popped ", value, f" and {verb} it to the list {ins.arg - 1} below the top: ", target, "."], None
    if op == "FORMAT_SIMPLE":
        (value,) = _pop(model)
        result = _compute(format, value)
        stack.append(result)
        return ["FORMAT_SIMPLE popped ", value, " and pushed its format(): ", result, "."], None
    if op == "CONVERT_VALUE":
        (value,) = _pop(model)
        fn = {1: str, 2: repr, 3: ascii}.get(ins.arg)
        result = _compute(fn, value) if fn else _pending()
        stack.append(result)
        return [f"CONVERT_VALUE ({ins.argrepr}) popped ", value, " and pushed ", result, "."], None
    if op == "FORMAT_WITH_SPEC":
        value, spec = _pop(model, 2)
        result = _compute(format, value, spec)
        stack.append(result)
        return ["FORMAT_WITH_SPEC popped ", value, " and ", spec, " and pushed ", result, "."], None
    if op == "BINARY_SLICE":
        container, start, end = _pop(model, 3)
        result = _compute(lambda c, s, e: c[s:e], container, start, end)
        stack.append(result)
        return ["BINARY_SLICE popped ", container, ", ", start, " and ", end, " and pushed ", result, "."], None
    if op == "STORE_SUBSCR":
        value, container, key = _pop(model, 3)
        if container.owned and container.known:
            container.obj, container.known = None, False
        return ["STORE_SUBSCR popped ", value, ", ", container, " and ", key, " and stored the value at that key."], None
    if op == "STORE_ATTR":
        owner, value = _pop(model, 2)[::-1]
        return ["STORE_ATTR popped ", owner, " and ", value, f" and set the attribute {ins.argval}."], None
    if op == "UNPACK_SEQUENCE":
        (sequence,) = _pop(model)
        if sequence.known and type(sequence.obj) in (list, tuple) and len(sequence.obj) == ins.arg:
            items = [Value(item) for item in sequence.obj]
        else:
            items = [_pending() for _ in range(ins.arg)]
        stack.extend(reversed(items))
        return ["UNPACK_SEQUENCE popped ", sequence, f" and pushed its {ins.arg} items, the first on top."], None

    if op == "IMPORT_NAME":
        level, fromlist = _pop(model, 2)
        module = _pending()
        stack.append(module)
        return [f"IMPORT_NAME popped ", level, " and ", fromlist, f" and pushed the module {ins.argval}: ", module, "."], None
    if op == "IMPORT_FROM":
        value = _pending()
        stack.append(value)
        return [f"IMPORT_FROM pushed {ins.argval} from the module below it: ", value, "."], None
    if op == "MAKE_FUNCTION":
        (code,) = _pop(model)
        name = code.obj.co_qualname if code.known and type(code.obj) is types.CodeType else "?"
        function = Value(text=f"<function {name}>")
        stack.append(function)
        return ["MAKE_FUNCTION popped the code object and pushed a new function: ", function, "."], None
    if op == "SET_FUNCTION_ATTRIBUTE":
        attribute, function = _pop(model, 2)
        stack.append(function)
        return [f"SET_FUNCTION_ATTRIBUTE ({ins.argrepr}) popped ", attribute, " and stored it on ", function, "."], None
    if op == "LOAD_BUILD_CLASS":
        value = Value(frame.f_builtins["__build_class__"])
        stack.append(value)
        return ["LOAD_BUILD_CLASS pushed builtins.__build_class__."], None
    if op == "LOAD_ATTR":
        (owner,) = _pop(model)
        name = ins.argval
        method = ins.arg & 1
        attribute = _pending()
        if owner.known:
            try:
                found = inspect.getattr_static(owner.obj, name)
                if type(found) in (types.FunctionType, types.MethodDescriptorType, types.BuiltinFunctionType) and not (
                    hasattr(owner.obj, "__dict__") and name in getattr(owner.obj, "__dict__", {})
                ):
                    attribute = Value(found) if method else _pending()
                elif not method and type(found) in _SCALARS + (list, tuple, dict):
                    attribute = Value(found)
            except Exception:  # noqa: BLE001
                pass
        if method:
            stack.extend([attribute, owner])
            return ["LOAD_ATTR popped ", owner, f" and pushed its method {name} (", attribute, ") with the object as self."], None
        stack.append(attribute)
        return ["LOAD_ATTR popped ", owner, f" and pushed its attribute {name}: ", attribute, "."], None
    if op in ("CALL", "CALL_KW"):
        kwnames = _pop(model) if op == "CALL_KW" else []
        args = _pop(model, ins.arg)
        callable_, self_or_null = _pop(model, 2)
        if self_or_null.text != NULL:
            args = [self_or_null, *args]
        result = _call_result(model, callable_, args, bool(kwnames))
        stack.append(result)
        shown = ["(no arguments)"] if not args else _seq(args)
        return [f"{op} popped ", callable_, " with ", *shown, ", called it and pushed its result: ", result, "."], None
    if op == "RETURN_VALUE":
        (value,) = _pop(model)
        if returned is None:
            return None, "not modelled: a return that was not seen — the stack is not shown from here."
        real = returned[0]
        if value.pending:
            value.resolve(real)
        elif value.known and safe_repr(value.obj) != safe_repr(real):
            return None, _mismatch(f"it returns {value.show()}, the real return value is {safe_repr(real)}")
        return ["RETURN_VALUE popped ", value, " and returned it to the caller."], None
    return None, f"not modelled: {op} — the stack is not shown from here."


def _call_result(model, callable_, args, has_keywords):
    """What a CALL pushes: the return value of a cell function it called (seen by PY_RETURN), a pure builtin
    computed again on known data, print's None, or a pending value."""
    seen, model.callee_value = model.callee_value, None
    target = callable_.obj if callable_.known else None
    if seen is not None and type(target) is types.FunctionType and target.__code__ is seen[0]:
        return Value(seen[1])
    if target is print:
        return Value(None)
    if not has_keywords and target in _PURE_BUILTINS and all(a.known and _is_safe(a.obj) for a in args):
        if target is range or all(_size_of(a.obj) <= MAX_COMPUTED_ITEMS for a in args):
            return _compute(target, *args)
    return _pending()


# ---------------------------------------------------------------------------------------------------------------
# start / stop / result


def _switch_off(rec):
    monitoring = sys.monitoring
    if rec.tool is None:
        return
    for code in rec.codes:
        monitoring.set_local_events(rec.tool, code, 0)
    for event in (monitoring.events.INSTRUCTION, monitoring.events.PY_START, monitoring.events.PY_RETURN,
                  monitoring.events.PY_UNWIND, monitoring.events.RAISE):
        monitoring.register_callback(rec.tool, event, None)
    monitoring.free_tool_id(rec.tool)
    rec.tool = None


def start(code, filename):
    """Watch the run of `code` (the cell's compiled module) until `stop()`."""
    global _recording
    monitoring = sys.monitoring
    rec = Recording(code, filename)
    _results.pop(filename, None)
    tool = next((i for i in range(6) if monitoring.get_tool(i) is None), None)
    _recording = rec
    if tool is None:
        return
    rec.tool = tool
    rec.monitored = True
    monitoring.use_tool_id(tool, TOOL_NAME)
    events = monitoring.events
    monitoring.register_callback(tool, events.INSTRUCTION, _on_instruction)
    monitoring.register_callback(tool, events.PY_START, _on_start)
    monitoring.register_callback(tool, events.PY_RETURN, _on_return)
    monitoring.register_callback(tool, events.PY_UNWIND, _on_unwind)
    monitoring.register_callback(tool, events.RAISE, _on_raise)
    wanted = events.INSTRUCTION | events.PY_START | events.PY_RETURN
    for each in rec.codes:
        monitoring.set_local_events(tool, each, wanted)
    # PY_UNWIND and RAISE are global-only events: the callbacks ignore frames that are not the cell's.
    monitoring.set_events(tool, events.PY_UNWIND | events.RAISE)


def stop():
    """Stop watching; keep the recording as plain data for `result`."""
    global _recording
    rec = _recording
    _recording = None
    if rec is None:
        return
    _switch_off(rec)
    for model in list(rec.frames.values()):
        if model.pending is not None:
            step, ins = model.pending
            step["locals"] = _locals_of(model.frame)
            step["narration"] = _plain(ins)
            step["problem"] = (
                "The recording stopped here (step budget)." if rec.truncated else "The run ended during this instruction."
            )
            model.pending = None
    rec.frames.clear()
    _results[rec.filename] = _freeze(rec)


def _freeze(rec):
    source = "".join(__import__("linecache").cache.get(rec.filename, (0, None, [], ""))[2])
    lines = source_lines(source)
    codes = []
    for index, code in enumerate(rec.codes):
        described = bytecode_listing.describe(code, lines, index == 0)
        codes.append(
            {
                "name": described["name"],
                "qualname": described["qualname"],
                "kind": described["kind"],
                "firstLine": described["firstLine"],
                "instructions": [
                    {
                        "offset": row["offset"],
                        "opname": row["opname"],
                        "argrepr": row["argrepr"],
                        "line": row["line"],
                        "positions": row["positions"],
                    }
                    for row in described["instructions"]
                ],
            }
        )
    steps = []
    for step in rec.steps:
        stack = step["stack"]
        narration = step["narration"]
        step = {key: value for key, value in step.items() if key != "_n"}
        steps.append(
            {
                **step,
                "stack": None if stack is None else [_finish(v) for v in stack],
                "narration": narration if isinstance(narration, str) or narration is None else "".join(str(_finish(p)) for p in narration),
            }
        )
    return {
        "filename": rec.filename,
        "budget": MAX_STEPS,
        "truncated": rec.truncated,
        "monitored": rec.monitored,
        "codes": codes,
        "steps": steps,
    }


def result(filename):
    """The last recording of `filename` as JSON-ready data, or None when the cell was not recorded.

    {filename, budget, truncated, monitored, codes: [{name, qualname, kind, firstLine, instructions: [{offset,
    opname, argrepr, line, positions}]}], steps: [{code, offset, opname, line, frames: [{name, line, code}],
    locals: [[name, repr]], stack: [repr, bottom first] | None, narration, problem}]}"""
    return _results.get(filename)
