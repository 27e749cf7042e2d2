"""Grading helper for <PredictBytecode> questions: the real instructions of one code object of a snippet.

The snippet is compiled afresh (never run), so the answer is what CPython's compiler emits, not the
specialized forms a run would leave behind. `dis.get_instructions` already hides CACHE entries in 3.14; they
are filtered again by name so a future change cannot make them count.
"""

import dis

MODULE = "<module>"
FILENAME = "<predict-bytecode>"
# A quiz snippet is a few lines; the cap keeps a pathological one from flooding the page with a listing.
MAX_LISTED = 400


def _code_objects(code):
    """`code` and every code object nested in its constants, depth first, in source order."""
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from _code_objects(const)


def _qualname(code, is_module):
    return MODULE if is_module else code.co_qualname


def find_code(source, in_qualname=None):
    """The code object named `in_qualname` (a co_qualname such as "f" or "C.m"; empty or None: the module)."""
    module = compile(source, FILENAME, "exec", dont_inherit=True)
    wanted = in_qualname or MODULE
    if wanted == MODULE:
        return module
    names = []
    for code in _code_objects(module):
        name = _qualname(code, code is module)
        if name == wanted:
            return code
        names.append(name)
    raise ValueError(f"no code object named {wanted!r} in the snippet; it has: {', '.join(names)}")


def _selected(code, line):
    return [
        ins
        for ins in dis.get_instructions(code)
        if ins.opname != "CACHE" and (line is None or ins.line_number == line)
    ]


def _listing_line(ins):
    arg = "" if ins.arg is None else f" {ins.arg}"
    meaning = f" ({ins.argrepr})" if ins.argrepr else ""
    line = "" if ins.line_number is None else ins.line_number
    return f"{line!s:>4} {ins.offset:>5}  {ins.opname}{arg}{meaning}"


def instructions(source, in_qualname=None, line=None):
    """What a question is graded against: the opnames (CACHE excluded) of the code object `in_qualname`,
    restricted to source line `line` when given, and a text listing of them for the feedback.

    Returns {"qualname", "line", "opnames": [str], "count": int, "listing": str}.
    """
    if line is not None:
        line = int(line)
    code = find_code(source, in_qualname)
    chosen = _selected(code, line)
    if line is not None and not chosen:
        raise ValueError(f"line {line} has no instructions in {in_qualname or MODULE}")
    header = f"{'line':>4} {'offset':>5}  instruction"
    rows = [_listing_line(ins) for ins in chosen[:MAX_LISTED]]
    if len(chosen) > MAX_LISTED:
        rows.append(f"… {len(chosen) - MAX_LISTED} more")
    return {
        "qualname": in_qualname or MODULE,
        "line": line,
        "opnames": [ins.opname for ins in chosen],
        "count": len(chosen),
        "listing": "\n".join([header, *rows]),
    }


def is_opname(name):
    """A real instruction name of this interpreter: a base opcode or one of its specialized forms."""
    return name != "CACHE" and (name in dis.opmap or name in getattr(dis, "_specialized_opmap", {}))


def problems(source, in_qualname=None, line=None, options=()):
    """Authoring mistakes in a question, as sentences (empty when it is sound). Used by the content test."""
    found = []
    try:
        compile(source, FILENAME, "exec", dont_inherit=True)
    except SyntaxError as error:
        return [f"the snippet does not compile: {error}"]
    try:
        instructions(source, in_qualname, line)
    except ValueError as error:
        found.append(str(error))
    for name in options:
        if not is_opname(name):
            found.append(f"{name!r} is not an instruction name of CPython 3.14 (dis.opmap or its specialized forms)")
    return found
