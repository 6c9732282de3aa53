"""The leading comment block is read without splitting the whole file (issue 24): its
lines and line numbers are exactly those of ``str.splitlines`` for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from supatools.migrations.files import _lines, leading_comment_block

#: every line break splitlines knows, a comment start, and filler that makes the
#: chunk boundary (4,096 characters) fall inside lines and inside "\r\n"
PIECES = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x85",
        "\u2028",
        "-- c",
        " ",
        "x",
        "é",
        "a" * 4090,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_lines_are_splitlines(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert list(_lines(text)) == text.splitlines()


def test_a_long_header_keeps_its_line_numbers() -> None:
    header = "".join(f"-- line {n} {'x' * 700}\r\n" for n in range(1, 30))
    text = header + "create table t (id int);\n" + "-- after\n" * 3
    block = leading_comment_block(text)
    assert [number for number, _ in block] == list(range(1, 30))
    assert block[-1][1].startswith("-- line 29 ")
