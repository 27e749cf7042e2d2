"""What the compiler makes of the learner's source: the `folding` and `codeobject` widgets.

`folding(source, filename)` compiles the source at optimize=0, 1 and 2 and reports, per level, every code object's
constants and instructions, marking what changed from one level to the next, plus a table of the constant
expressions in the source and what each became.

What CPython 3.14 really folds, checked in Pyodide 314.0.7 (Python 3.14.2): `ast.parse(optimize=n)` folds no
arithmetic any more (`24 * 60 * 60` stays a BinOp); it only turns `__debug__` into a constant (n >= 1) and drops
docstrings (n = 2). The folding happens in `compile()`, in the optimizer that works on the control-flow graph, at
every optimize level. Removing `assert` statements is done by the code generator at optimize >= 1. The helper
reports what the interpreter does, so the page shows the truth even where these details change.

`code_objects(source, filename)` lists every field of every code object the cell ran.
"""

import ast
import dis
import difflib

from lifecycle.positions import char_span, source_lines
from lifecycle.runner import code_of

# Caps that keep the helpers bounded however long the learner's program is.
MAX_CODE_OBJECTS = 60
MAX_INSTRUCTIONS = 600
MAX_REPR = 120
MAX_POSITIONS = 1500
MAX_CODE_BYTES = 4096
MAX_FOLDS = 200

LEVEL_NAMES = {0: "optimize=0 (python)", 1: "optimize=1 (python -O)", 2: "optimize=2 (python -OO)"}

# Instructions that push a constant: the folded value is their argument.
CONST_LOADS = ("LOAD_CONST", "LOAD_SMALL_INT")


def short_repr(value, limit=MAX_REPR):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_code(value):
    return hasattr(value, "co_code")


def walk_code(code):
    """The code object and every code object nested in its constants, depth first in co_consts order (which is
    source order: the compiler adds a nested body's code when it reaches it)."""
    found = []

    def visit(c):
        if len(found) >= MAX_CODE_OBJECTS:
            return
        found.append(c)
        for const in c.co_consts:
            if is_code(const):
                visit(const)

    visit(code)
    return found


def const_repr(value):
    if is_code(value):
        return f"<code object {value.co_qualname}, line {value.co_firstlineno}>"
    return short_repr(value)


def instruction_arg(ins):
    """What an instruction's argument means, as dis prints it; LOAD_SMALL_INT has an empty argrepr in 3.14, so
    its value is shown instead."""
    if ins.opname == "LOAD_SMALL_INT":
        return repr(ins.argval)
    if ins.opname == "LOAD_CONST" and is_code(ins.argval):
        return const_repr(ins.argval)
    return ins.argrepr


def _instructions(code, lines):
    result = []
    for ins in list(dis.get_instructions(code))[:MAX_INSTRUCTIONS]:
        pos = ins.positions
        span = char_span(lines, pos.lineno, pos.col_offset, pos.end_lineno, pos.end_col_offset) if pos else None
        result.append(
            {
                "offset": ins.offset,
                "opname": ins.opname,
                "arg": instruction_arg(ins),
                "line": ins.line_number,
                "span": span,
            }
        )
    return result


def _level(source, filename, optimize, lines):
    code = compile(source, filename, "exec", optimize=optimize, dont_inherit=True)
    objects = []
    for c in walk_code(code):
        objects.append(
            {
                "qualname": c.co_qualname,
                "firstLine": c.co_firstlineno,
                "consts": [const_repr(k) for k in c.co_consts],
                "instructions": _instructions(c, lines),
            }
        )
    return {"optimize": optimize, "name": LEVEL_NAMES[optimize], "codeObjects": objects}


def _key(ins):
    """What makes two instructions 'the same' across levels: opcode and argument, not the offset."""
    return (ins["opname"], ins["arg"])


def _mark_changes(levels):
    """Mark, in each level, the instructions that are gone at the next level (`goneNext`) and those that are new
    compared with the previous level (`changed`). Code objects are matched by their position in the walk and
    qualname; a code object that exists at one level only is marked whole."""
    for prev, nxt in zip(levels, levels[1:]):
        for i, obj in enumerate(prev["codeObjects"]):
            other = nxt["codeObjects"][i] if i < len(nxt["codeObjects"]) else None
            if other is None or other["qualname"] != obj["qualname"]:
                for ins in obj["instructions"]:
                    ins.setdefault("goneAt", nxt["optimize"])
                continue
            a = [_key(ins) for ins in obj["instructions"]]
            b = [_key(ins) for ins in other["instructions"]]
            matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag in ("delete", "replace"):
                    for ins in obj["instructions"][i1:i2]:
                        ins.setdefault("goneAt", nxt["optimize"])
                if tag in ("insert", "replace"):
                    for ins in other["instructions"][j1:j2]:
                        ins["changed"] = True
            other["constsRemoved"] = [k for k in obj["consts"] if k not in other["consts"]]


def _is_const_expr(node):
    """A tree of operators over literals only, so the compiler could compute it: 24 * 60 * 60, -1, (1, 2) + (3,),
    'ab' * 3, not True, 'abc'[1]."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _is_const_expr(node.left) and _is_const_expr(node.right)
    if isinstance(node, ast.UnaryOp):
        return _is_const_expr(node.operand)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_const_expr(e) and not isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Subscript):
        return _is_const_expr(node.value) and _is_const_expr(node.slice)
    return False


def _candidates(tree):
    """The outermost constant expressions that are more than a bare literal, in source order. Lists and sets
    count only where the compiler may turn them into constants: after `in` / `not in` and as a for loop's iterable."""
    found = []

    def visit(node, parent, field):
        if len(found) >= MAX_FOLDS:
            return
        if isinstance(node, ast.expr) and not isinstance(node, ast.Constant) and _is_const_expr(node):
            ctx = getattr(node, "ctx", None)
            container_ok = not isinstance(node, (ast.List, ast.Set)) or (
                (isinstance(parent, ast.Compare) and field == "comparators"
                 and all(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops))
                or (isinstance(parent, (ast.For, ast.comprehension)) and field == "iter")
            )
            if not isinstance(ctx, (ast.Store, ast.Del)) and container_ok:
                found.append(node)
                return
        for name, value in ast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, ast.AST):
                    visit(item, node, name)

    visit(tree, None, None)
    return found


def _span_key(lineno, col, end_lineno, end_col):
    return (lineno, col, end_lineno, end_col)


def _ast_result(tree, key):
    """What the AST optimizer left at this span: 'Constant' if it folded it, else the node's type."""
    for node in ast.walk(tree):
        if isinstance(node, ast.expr) and _span_key(
            node.lineno, node.col_offset, node.end_lineno, node.end_col_offset
        ) == key:
            return type(node).__name__
    return None


def _folds(source, filename, lines):
    tree = ast.parse(source, filename)
    optimized_tree = ast.parse(source, filename, optimize=2)
    code = compile(source, filename, "exec", optimize=0, dont_inherit=True)
    by_span = {}
    for c in walk_code(code):
        for ins in dis.get_instructions(c):
            pos = ins.positions
            if pos and pos.lineno is not None:
                key = _span_key(pos.lineno, pos.col_offset, pos.end_lineno, pos.end_col_offset)
                by_span.setdefault(key, []).append((c, ins))
    folds = []
    for node in _candidates(tree):
        key = _span_key(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
        at_span = by_span.get(key, [])
        loads = [(c, ins) for c, ins in at_span if ins.opname in CONST_LOADS]
        entry = {
            "source": ast.get_source_segment(source, node) or ast.unparse(node),
            "node": type(node).__name__,
            "span": char_span(lines, *key),
            "astOptimized": _ast_result(optimized_tree, key),
        }
        if loads and len(loads) == len(at_span):
            c, ins = loads[0]
            entry["folded"] = True
            entry["value"] = short_repr(ins.argval)
            entry["type"] = type(ins.argval).__name__
            entry["opname"] = ins.opname
            entry["inConsts"] = ins.opname == "LOAD_CONST"
            entry["constIndex"] = ins.arg if ins.opname == "LOAD_CONST" else None
            entry["codeObject"] = c.co_qualname
        else:
            # Not folded (too big, an error such as 1/0, or not an operation the optimizer folds): it is computed
            # when the code runs, by these instructions; none at all means the code was dropped as unreachable.
            entry["folded"] = False
            entry["value"] = None
            entry["instructions"] = [f"{ins.opname} {instruction_arg(ins)}".strip() for _, ins in at_span][:8]
        folds.append(entry)
    return folds


def _removals(source, filename):
    """What the source holds that optimize levels remove: asserts, docstrings, `__debug__` tests, by line."""
    tree = ast.parse(source, filename)
    asserts, docstrings, debug = [], [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            asserts.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id == "__debug__":
            debug.append(node.lineno)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                docstrings.append(body[0].lineno)
    return {"asserts": sorted(asserts), "docstrings": sorted(docstrings), "debug": sorted(debug)}


def folding(source, filename="<cell>"):
    """The source compiled at optimize=0, 1, 2, what changed between them, and what was folded to constants.
    A source that does not compile gives {'error': ...}."""
    lines = source_lines(source)
    try:
        levels = [_level(source, filename, n, lines) for n in (0, 1, 2)]
        folds = _folds(source, filename, lines)
        removals = _removals(source, filename)
    except SyntaxError as exc:
        return {"source": source, "error": f"SyntaxError: {exc.msg} (line {exc.lineno})"}
    _mark_changes(levels)
    return {"source": source, "levels": levels, "folds": folds, "removals": removals}


# ---------------------------------------------------------------------------------------------------- codeobject

FLAG_NAMES = dict(dis.COMPILER_FLAG_NAMES)


def decode_flags(flags):
    """co_flags as names (dis.COMPILER_FLAG_NAMES, the same table inspect.CO_* come from); unknown bits as hex."""
    names = []
    for bit in range(32):
        value = 1 << bit
        if flags & value:
            names.append(FLAG_NAMES.get(value, hex(value)))
    return names


def _hex(data, limit=MAX_CODE_BYTES):
    return data[:limit].hex(" ")


def _describe(code, lines):
    raw = code.co_code
    positions = []
    units = list(dis.get_instructions(code))
    opname_at = {}
    for ins in units:
        opname_at[ins.offset] = ins.opname
        for k in range(ins.cache_offset, ins.end_offset, 2):
            opname_at[k] = "CACHE"
    for index, (lineno, end_lineno, col, end_col) in enumerate(code.co_positions()):
        if index >= MAX_POSITIONS:
            break
        offset = index * 2
        positions.append(
            {
                "offset": offset,
                "opname": opname_at.get(offset, "?"),
                "raw": [lineno, end_lineno, col, end_col],
                "span": char_span(lines, lineno, col, end_lineno, end_col),
            }
        )
    entries = [
        {"start": e.start, "end": e.end, "target": e.target, "depth": e.depth, "lasti": e.lasti}
        for e in dis.Bytecode(code).exception_entries
    ]
    return {
        "co_name": code.co_name,
        "co_qualname": code.co_qualname,
        "co_filename": code.co_filename,
        "co_firstlineno": code.co_firstlineno,
        "co_argcount": code.co_argcount,
        "co_posonlyargcount": code.co_posonlyargcount,
        "co_kwonlyargcount": code.co_kwonlyargcount,
        "co_nlocals": code.co_nlocals,
        "co_stacksize": code.co_stacksize,
        "co_flags": {"value": code.co_flags, "names": decode_flags(code.co_flags)},
        "co_consts": [
            {"repr": const_repr(k), "code": k.co_qualname if is_code(k) else None} for k in code.co_consts
        ],
        "co_names": list(code.co_names),
        "co_varnames": list(code.co_varnames),
        "co_cellvars": list(code.co_cellvars),
        "co_freevars": list(code.co_freevars),
        "co_code": {"hex": _hex(raw), "length": len(raw), "units": len(raw) // 2, "truncated": len(raw) > MAX_CODE_BYTES},
        "co_lines": [list(entry) for entry in code.co_lines()],
        "co_positions": positions,
        "positionsTruncated": len(raw) // 2 > MAX_POSITIONS,
        "co_exceptiontable": {"hex": _hex(code.co_exceptiontable), "length": len(code.co_exceptiontable),
                              "entries": entries},
    }


def code_objects(source, filename="<cell>"):
    """Every field of the module's code object and of each code object nested in it (source order), taken from
    the code objects the cell really ran. A source that does not compile gives {'error': ...}."""
    try:
        code = code_of(source, filename)
    except SyntaxError as exc:
        return {"source": source, "error": f"SyntaxError: {exc.msg} (line {exc.lineno})"}
    lines = source_lines(source)
    objects = walk_code(code)
    return {
        "source": source,
        "codeObjects": [_describe(c, lines) for c in objects],
        "truncated": len(objects) >= MAX_CODE_OBJECTS,
    }
