"""CPython reports columns as UTF-8 byte offsets (ast col_offset, co_positions, tokenize uses characters); the
page's widgets count characters. These helpers convert, so a highlight lands on the right letters even after
an accented name or an emoji in a string."""

import re


def source_lines(source):
    """The source's lines without their line endings, so `lines[lineno - 1]` is CPython's line `lineno`.

    Only LF, CR LF and CR end a line for CPython; str.splitlines() would also split on form feeds, NEL and the
    Unicode line separator, and the line numbers would drift."""
    return re.split(r"\r\n|\r|\n", source)


def char_col(lines, lineno, byte_col):
    """The character column of byte column `byte_col` on 1-based line `lineno` (None stays None)."""
    if lineno is None or byte_col is None:
        return byte_col
    if not 1 <= lineno <= len(lines):
        return byte_col
    line = lines[lineno - 1].encode("utf-8")
    return len(line[:byte_col].decode("utf-8", errors="ignore"))


def char_span(lines, lineno, col, end_lineno, end_col):
    """A CPython (lineno, col_offset, end_lineno, end_col_offset) in characters, as a dict the widgets take:
    {'line', 'col', 'endLine', 'endCol'}; None when the position is unknown."""
    if lineno is None or col is None:
        return None
    end_lineno = lineno if end_lineno is None else end_lineno
    end_col = col if end_col is None else end_col
    return {
        "line": lineno,
        "col": char_col(lines, lineno, col),
        "endLine": end_lineno,
        "endCol": char_col(lines, end_lineno, end_col),
    }
