"""The bytecode explorer's data: every code object of a cell's program with its instructions, as `dis` sees them.

`explore` walks the code object the cell really ran (so the adaptive view shows the specializations the run
caused) and every code object nested in its constants, depth first in the order the compiler stored them: the
module, then each function, class body, lambda and generator expression. Each instruction is the
`dis.Instruction` of this interpreter, turned into plain data with character columns for the page.
`explain` answers the "Explain" button: what an opcode does, its stack effect and its specialization family.
"""

import dis
import inspect
import sys

from lifecycle import runner
from lifecycle.opcodes import explanation, family_of
from lifecycle.positions import char_span, source_lines

# Bounds, so a huge program cannot make the page (or the worker) spend seconds here.
MAX_INSTRUCTIONS = 5000
MAX_CODE_OBJECTS = 200

_COMPREHENSIONS = {"<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>"}


def _kind(code, is_top):
    """module | function | class | lambda | comprehension | other, from what the compiler made the code for."""
    if is_top:
        return "module"
    if code.co_name == "<lambda>":
        return "lambda"
    if code.co_name in _COMPREHENSIONS:
        return "comprehension"
    if code.co_name.startswith("<"):
        return "other"  # e.g. "<generic parameters of f>", the scope of type parameters
    if code.co_flags & inspect.CO_OPTIMIZED:
        return "function"  # def, async def, and 3.14's __annotate__ functions
    return "class"  # a class body runs like a module body: no fast locals


def code_objects(top):
    """`top` and every code object in its co_consts, recursively, depth first in co_consts order."""
    found = []

    def walk(code):
        found.append(code)
        for const in code.co_consts:
            if inspect.iscode(const):
                walk(const)

    walk(top)
    return found


def _span(lines, positions):
    if positions is None or positions.lineno is None or positions.lineno < 1:
        return None
    return char_span(lines, positions.lineno, positions.col_offset, positions.end_lineno, positions.end_col_offset)


def _cache_rows(instr, span):
    """The CACHE entries after `instr`, one row per 16-bit word, as `dis.dis(show_caches=True)` prints them: the
    first word of each cache field carries its name and value."""
    rows = []
    offset = instr.offset
    for name, size, data in instr.cache_info or ():
        for index in range(size):
            offset += 2
            first = index == 0
            value = str(int.from_bytes(data, sys.byteorder))
            row = {
                "offset": offset,
                "opname": "CACHE",
                "baseopname": "CACHE",
                "opcode": dis.opmap["CACHE"],
                "arg": 0,
                "argrepr": f"{name}: {value}" if first else "",
                "line": None,
                "label": None,
                "jumpTarget": None,
                "positions": span,
                "isCache": True,
            }
            if first:
                row["cache_info"] = {"name": name, "size": size, "value": value}
            rows.append(row)
    return rows


def _instruction(instr, span):
    return {
        "offset": instr.offset,
        "opname": instr.opname,
        "baseopname": instr.baseopname,
        "opcode": instr.opcode,
        "arg": instr.arg,
        "argrepr": instr.argrepr,
        "line": instr.line_number,
        "label": instr.label,
        "jumpTarget": instr.jump_target,
        "positions": span,
        "isCache": False,
    }


def _exception_table(bytecode):
    """The exception table with dis's labels. `Bytecode` labels its entries while it is iterated."""
    return [
        {
            "start": entry.start,
            "end": entry.end,
            "target": entry.target,
            "depth": entry.depth,
            "lasti": entry.lasti,
            "startLabel": getattr(entry, "start_label", None),
            "endLabel": getattr(entry, "end_label", None),
            "targetLabel": getattr(entry, "target_label", None),
        }
        for entry in bytecode.exception_entries
    ]


def describe(code, lines, is_top=False, adaptive=False, show_caches=False, budget=MAX_INSTRUCTIONS):
    """One code object as data; at most `budget` rows (CACHE rows included), with `truncated` when cut."""
    bytecode = dis.Bytecode(code, adaptive=adaptive)
    rows = []
    truncated = False
    for instr in bytecode:
        span = _span(lines, instr.positions)
        new_rows = [_instruction(instr, span)]
        if show_caches:
            new_rows += _cache_rows(instr, span)
        if len(rows) + len(new_rows) > budget:
            truncated = True
            break
        rows += new_rows
    if truncated:
        # Iterate to the end anyway (cheap), so the exception entries get their labels.
        for _ in bytecode:
            pass
    return {
        "name": code.co_name,
        "qualname": code.co_qualname,
        "kind": _kind(code, is_top),
        "firstLine": code.co_firstlineno,
        "instructions": rows,
        "exceptionTable": _exception_table(bytecode),
        "truncated": truncated,
    }


def explore(source, filename, adaptive=False, show_caches=False):
    """Every code object of the cell's program, module first; see the module docstring. Raises SyntaxError when
    the source does not compile (the cell's own run reports it)."""
    top = runner.code_of(source, filename)
    lines = source_lines(source)
    result = []
    budget = MAX_INSTRUCTIONS
    for index, code in enumerate(code_objects(top)[:MAX_CODE_OBJECTS]):
        described = describe(code, lines, index == 0, adaptive, show_caches, budget)
        budget -= len(described["instructions"])
        result.append(described)
    return result


def _stack_effect(opname, arg):
    """dis.stack_effect for `opname` (a specialized form has its family's effect), with the jump and no-jump
    cases for instructions that branch; None where dis has no answer (e.g. for the INSTRUMENTED_* forms)."""
    base = family_of(opname)
    opcode = dis.opmap.get(base)
    if opcode is None:
        return None
    uses_arg = opcode in dis.hasarg
    oparg = (arg if arg is not None else 0) if uses_arg else None
    try:
        effect = {"value": dis.stack_effect(opcode, oparg), "arg": oparg, "of": base}
        if opcode in dis.hasjump or opcode in dis.hasexc:
            effect["jump"] = dis.stack_effect(opcode, oparg, jump=True)
            effect["noJump"] = dis.stack_effect(opcode, oparg, jump=False)
    except ValueError:
        return None
    return effect


def explain(opname, arg=None):
    """{opname, text, stackEffect?, family?, members?} for any opcode name of this interpreter."""
    text = explanation(opname)
    if text is None:
        return {"opname": opname, "text": f"{opname} is not an opcode of Python {sys.version.split()[0]}."}
    result = {"opname": opname, "text": text}
    effect = _stack_effect(opname, arg)
    if effect is not None:
        result["stackEffect"] = effect
    family = family_of(opname)
    members = dis._specializations.get(family)
    if members:
        result["family"] = family
        result["members"] = list(members)
    return result


def all_opnames():
    """Every opcode name `explain` must cover: the instructions, pseudo-instructions and specialized forms."""
    return sorted(set(dis.opmap) | set(dis._specialized_opmap))
