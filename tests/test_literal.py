"""emviz.ui.literal: text from the learner's files is shown as it is."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emviz.ui.literal import WORD_JOINER, markdown_literal, plotly_literal


@given(st.text(st.characters(blacklist_characters="\r\n" + WORD_JOINER)))
def test_every_punctuation_character_is_escaped_and_nothing_else_changes(text):
    escaped = markdown_literal(text).replace(WORD_JOINER, "")
    unescaped, i = [], 0
    while i < len(escaped):  # undo the escapes: every backslash must precede punctuation
        if escaped[i] == "\\":
            assert escaped[i + 1] in string.punctuation
            i += 1
        else:
            assert escaped[i] not in string.punctuation
        unescaped.append(escaped[i])
        i += 1
    assert "".join(unescaped) == text


def test_line_breaks_become_spaces_so_a_name_cannot_start_a_block():
    assert markdown_literal("a\r\n# b\n - c") == "a \\# b \\- c"


@pytest.mark.parametrize("address", ["http://a.b/c", "HTTPS://a.b", "www.a.b", "me@a.org", "mailto:me@a.org"])
def test_bare_addresses_are_broken_where_markdown_would_link_them(address):
    escaped = markdown_literal(address)
    assert WORD_JOINER in escaped
    assert not any(start in escaped.lower() for start in ("http\\:", "https\\:", "www\\.", "@\\", "mailto\\:"))


def test_plotly_text_cannot_open_a_tag():
    assert "<" not in plotly_literal("<img src=x><a href='y'>") and "&lt;img" in plotly_literal("<img")
