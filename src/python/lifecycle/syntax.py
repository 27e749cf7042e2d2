"""The front of the compiler, as data for the lesson "From text to tree": the tokens `tokenize` reads, the tree
`ast.parse` builds, and the scopes `symtable` works out, for the learner's own source.

Every position sent to the page counts characters (see lifecycle/positions.py): `tokenize` already does,
`ast` counts UTF-8 bytes and is converted. Every helper is bounded (tokens, nodes, depth and text are capped),
because a call into the worker cannot be stopped.
"""

import ast
import io
import symtable
import tokenize

from lifecycle.positions import char_span, source_lines

MAX_TOKENS = 3000
MAX_NODES = 2000
# A chain like 1+1+1+… nests one BinOp per term; past this depth the tree is cut (json.dumps and the page's
# nested lists both recurse).
MAX_DEPTH = 100
MAX_DUMP_CHARS = 100_000
MAX_SCOPES = 500
MAX_REPR = 80


def _error(exc, lines):
    """A SyntaxError (or tokenize's TokenError) as {type, message, span}, columns 0-based in characters.

    CPython's SyntaxError offsets count characters from 1; end offsets are sometimes missing, zero or -1, so a
    span that does not go forward covers one character instead."""
    if isinstance(exc, tokenize.TokenError):
        message, (lineno, offset) = exc.args[0], exc.args[1]
        end_lineno, end_offset = None, None
    else:
        message = exc.msg
        lineno, offset = exc.lineno, exc.offset
        end_lineno, end_offset = exc.end_lineno, exc.end_offset
    span = None
    if lineno is not None:
        line_text = lines[lineno - 1] if 1 <= lineno <= len(lines) else ""
        col = min(max((offset or 1) - 1, 0), len(line_text))
        if end_lineno is None or end_offset is None or (end_lineno, end_offset - 1) <= (lineno, col):
            end_lineno, end_col = lineno, col + 1
        else:
            end_col = end_offset - 1
        span = {"line": lineno, "col": col, "endLine": end_lineno, "endCol": end_col}
    return {"type": type(exc).__name__, "message": message, "span": span}


# ---------------------------------------------------------------------------------------------------- tokens


def tokens(source):
    """The tokens `tokenize.generate_tokens` reads from `source`, in order.

    Returns {tokens: [{type, exact?, string, span}], counts: {type: n}, total, truncated, error}. `exact` is the
    exact type of an OP token (EQUAL, LPAR…). On a tokenize error, the tokens read so far and the error (with
    its position) are returned; the error is None otherwise."""
    lines = source_lines(source)
    found = []
    counts = {}
    total = 0
    error = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            type_name = tokenize.tok_name[tok.type]
            counts[type_name] = counts.get(type_name, 0) + 1
            total += 1
            if len(found) >= MAX_TOKENS:
                continue
            item = {
                "type": type_name,
                "string": tok.string,
                "span": {"line": tok.start[0], "col": tok.start[1], "endLine": tok.end[0], "endCol": tok.end[1]},
            }
            if tok.type == tokenize.OP:
                item["exact"] = tokenize.tok_name[tok.exact_type]
            found.append(item)
    except (tokenize.TokenError, SyntaxError) as exc:
        error = _error(exc, lines)
    return {"tokens": found, "counts": counts, "total": total, "truncated": total > len(found), "error": error}


# ---------------------------------------------------------------------------------------------------- ast

# ast.parse turns the parser's tree into Python objects recursively in C. Under Pyodide a chain of about 2,000
# operators (1+1+…) overflows the browser's stack there, which kills the interpreter, although compile()
# copes; so the tree is not built past an estimated nesting of this many levels.
MAX_NESTING = 400
_CHAIN_KEYWORDS = {"if", "else", "lambda", "not", "await", "and", "or", "in", "is"}
_RESETS = {",", ";", ":", "=", ":="}
_OPENERS = {"(", "[", "{"}
_CLOSERS = {")", "]", "}"}


def _nesting_estimate(source):
    """An upper bound on how deep ast.parse will nest nodes, read from the tokens: each operator in a chain
    (a + b + c, a.b.c, f()(), not not x) adds a level, a bracket adds a level until it closes, and a comma,
    colon or assignment starts a new chain. Stops at the first tokenize error (ast.parse will refuse it)."""
    deepest = 0
    stack = []
    chain = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                stack, chain = [], 0
                continue
            if tok.type == tokenize.OP:
                if tok.string in _OPENERS:
                    stack.append(chain + 1)
                    chain = 0
                elif tok.string in _CLOSERS:
                    chain = stack.pop() if stack else 0
                elif tok.string in _RESETS:
                    chain = 0
                else:
                    chain += 1
            elif tok.type == tokenize.NAME and tok.string in _CHAIN_KEYWORDS:
                chain += 1
            deepest = max(deepest, sum(stack) + chain)
    except (tokenize.TokenError, SyntaxError):
        pass
    return deepest



def _scalar(value):
    """A field value that is not a child node, as short text: ctx/operators by class name, constants by repr."""
    if isinstance(value, ast.AST):
        return type(value).__name__
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    text = repr(value)
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 1] + "…"


def _is_node(value):
    """A child worth its own tree item: an AST node with fields (Load(), Add() and the like have none)."""
    return isinstance(value, ast.AST) and bool(type(value)._fields)


def _span(node, lines):
    lineno = getattr(node, "lineno", None)
    if lineno is None:
        return None
    return char_span(lines, lineno, node.col_offset, getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None))


def ast_tree(source):
    """`ast.parse(source)` as nested nodes the page draws as a tree.

    Each node: {type, fields: {name: text}, span: {line, col, endLine, endCol} | None, children: [{field, list, nodes}]}.
    Scalar fields (id, op, ctx, value…) are text; fields holding nodes become children, in `_fields` order.
    None and empty fields are left out, as `ast.dump` does. At most MAX_NODES nodes and MAX_DEPTH levels are
    sent; `omitted` counts the rest. Returns {tree, count, omitted, dump, error}; on a SyntaxError, tree and dump
    are None and error says where."""
    lines = source_lines(source)
    nesting = _nesting_estimate(source)
    if nesting > MAX_NESTING:
        return {"tree": None, "count": 0, "omitted": 0, "dump": None, "error": {
            "type": "TooDeep",
            "message": f"A statement nests about {nesting} levels deep (a long chain of operators?). Building its "
                       f"tree could overflow the browser's stack, so this view draws trees up to {MAX_NESTING} levels.",
            "span": None}}
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        if isinstance(exc, SyntaxError):
            return {"tree": None, "count": 0, "omitted": 0, "dump": None, "error": _error(exc, lines)}
        return {"tree": None, "count": 0, "omitted": 0, "dump": None,
                "error": {"type": type(exc).__name__, "message": str(exc), "span": None}}

    count = 0
    omitted = 0

    def build(node, depth):
        nonlocal count, omitted
        count += 1
        item = {"type": type(node).__name__, "fields": {}, "span": _span(node, lines), "children": []}
        for name in node._fields:
            value = getattr(node, name, None)
            if value is None or value == []:
                continue
            values = value if isinstance(value, list) else [value]
            if not any(_is_node(v) for v in values):
                item["fields"][name] = _scalar(value)
                continue
            group = {"field": name, "list": isinstance(value, list), "nodes": []}
            for child in values:
                if not _is_node(child):
                    continue
                if count >= MAX_NODES or depth + 1 >= MAX_DEPTH:
                    omitted += sum(1 for n in ast.walk(child) if _is_node(n))
                    continue
                group["nodes"].append(build(child, depth + 1))
            if group["nodes"]:
                item["children"].append(group)
        return item

    tree = build(module, 0)
    try:
        dump = ast.dump(module, indent=2)
    except RecursionError:
        dump = "(the tree is too deep for ast.dump)"
    if len(dump) > MAX_DUMP_CHARS:
        dump = dump[:MAX_DUMP_CHARS] + "\n… (cut)"
    return {"tree": tree, "count": count, "omitted": omitted, "dump": dump, "error": None}


# ---------------------------------------------------------------------------------------------------- symtable

# The Symbol.is_* predicates of 3.14, in the order the page lists them; any others found are added after.
FLAG_ORDER = [
    "local", "global", "declared_global", "nonlocal", "free", "free_class", "parameter", "type_parameter",
    "imported", "assigned", "referenced", "annotated", "namespace", "comp_iter", "comp_cell",
]


def _flag_names():
    found = [name[3:] for name in dir(symtable.Symbol) if name.startswith("is_")]
    return [f for f in FLAG_ORDER if f in found] + sorted(f for f in found if f not in FLAG_ORDER)


def _annotation_owner(children, index):
    """Whose annotations an `__annotate__` scope holds. In 3.14 the symbol table makes one for every def (even
    without annotations) right before the function's own scope, on the def's line; a module's or class's own
    one is made at its first annotation."""
    table = children[index]
    following = children[index + 1] if index + 1 < len(children) else None
    if (
        following is not None
        and following.get_type() == symtable.SymbolTableType.FUNCTION
        and following.get_lineno() == table.get_lineno()
    ):
        return {"kind": "function", "name": following.get_name()}
    return {"kind": "body"}


def _table_count(table):
    """How many tables `table` holds, itself included."""
    return 1 + sum(_table_count(child) for child in table.get_children())


def scopes(source):
    """Every symbol table of `source`, as `symtable.symtable(source, "<cell>", "exec")` builds them.

    Each scope: {name, type, lineno, symbols: [{name, flags}], children, annotationOf, inlined}. `type` is
    SymbolTableType's value (module, function, class, annotation, type parameters…). `annotationOf` tells an
    `__annotate__` scope's owner ({kind: function, name} or {kind: body}); `inlined` lists the iteration
    variables of comprehensions inlined into this scope (PEP 709: they have no scope of their own), which
    symtable marks comp_iter. Returns {scope, count, omitted, flags, error}."""
    lines = source_lines(source)
    try:
        top = symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        if isinstance(exc, SyntaxError):
            return {"scope": None, "count": 0, "omitted": 0, "flags": _flag_names(), "error": _error(exc, lines)}
        return {"scope": None, "count": 0, "omitted": 0, "flags": _flag_names(),
                "error": {"type": type(exc).__name__, "message": str(exc), "span": None}}

    flags = _flag_names()
    count = 0
    omitted = 0

    def build(table, owner, depth):
        nonlocal count, omitted
        count += 1
        symbols = []
        for symbol in table.get_symbols():
            symbols.append({"name": symbol.get_name(), "flags": [f for f in flags if getattr(symbol, "is_" + f)()]})
        # A comprehension that keeps its own scope (a generator expression) has the hidden parameter `.0`,
        # the iterator it is given; a name no program can write.
        own_comprehension = any(s["name"] == ".0" and "parameter" in s["flags"] for s in symbols)
        inlined = [] if own_comprehension else [s["name"] for s in symbols if "comp_iter" in s["flags"]]
        kind = table.get_type()
        item = {
            "name": table.get_name(),
            "type": kind.value if hasattr(kind, "value") else str(kind),
            "lineno": table.get_lineno(),
            "symbols": symbols,
            "children": [],
            "annotationOf": owner,
            "inlined": inlined,
        }
        children = table.get_children()
        for index, child in enumerate(children):
            if count >= MAX_SCOPES or depth + 1 >= MAX_DEPTH:
                omitted += _table_count(child)
                continue
            child_owner = _annotation_owner(children, index) if child.get_name() == "__annotate__" and \
                child.get_type() == symtable.SymbolTableType.ANNOTATION else None
            item["children"].append(build(child, child_owner, depth + 1))
        return item

    scope = build(top, None, 0)
    return {"scope": scope, "count": count, "omitted": omitted, "flags": flags, "error": None}
