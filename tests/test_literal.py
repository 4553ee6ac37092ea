"""emviz.ui.literal: text from the learner's files is shown as it is."""

import doctest
import string

from hypothesis import given
from hypothesis import strategies as st

import emviz.ui.literal
from emviz.ui.literal import markdown_literal, plotly_literal


def test_doc_examples_hold():
    assert doctest.testmod(emviz.ui.literal).failed == 0


@given(st.text(st.characters(blacklist_characters="\r\n")))
def test_every_punctuation_character_is_escaped_and_nothing_else_changes(text):
    escaped = markdown_literal(text)
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


def test_plotly_text_cannot_open_a_tag():
    assert "<" not in plotly_literal("<img src=x><a href='y'>") and "&lt;img" in plotly_literal("<img")
