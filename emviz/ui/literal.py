"""Text from the learner's files (names, headers, entries) shown as it is, never as Markdown or HTML.

A column header such as ``![i](http://host/track.png)`` must not make the browser
fetch an image, and ``<a href=…>`` in a chart title must not become a link.
"""

from __future__ import annotations

import html
import re
import string

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_AUTOLINK_START = re.compile(r"(www|https?|mailto|xmpp)(?=[.:])|(@)", re.IGNORECASE)
"""Where GitHub-flavoured Markdown starts a link from bare text (www., http:, a@b.c), escapes or not."""
WORD_JOINER = "\u2060"
"""An invisible character that breaks :data:`_AUTOLINK_START` without changing what the learner reads."""


def markdown_literal(text: str) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it character for character.

    Every ASCII punctuation character gets a backslash (CommonMark lets any of them
    be escaped), so links, images, emphasis, code, LaTeX (``$``), colour directives
    and HTML entities stay plain text; line breaks become spaces, so a name cannot
    start a heading or a list. Bare addresses (``http://…``, ``www.…``, ``a@b.c``),
    which GitHub-flavoured Markdown links even when escaped, get an invisible
    :data:`WORD_JOINER` after ``http``, ``www`` or ``@``.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> markdown_literal("![i](http://a.b/c.png) **x**")
    '\\\\!\\\\[i\\\\]\\\\(http\\u2060\\\\:\\\\/\\\\/a\\\\.b\\\\/c\\\\.png\\\\) \\\\*\\\\*x\\\\*\\\\*'
    """
    text = _AUTOLINK_START.sub(lambda match: match.group() + WORD_JOINER, _LINE_BREAKS.sub(" ", str(text)))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plotly_literal(text: str) -> str:
    """``text`` escaped for plotly's titles and labels, which read a subset of HTML (``<a>``, ``<b>``, ``<br>``).

    Examples
    --------
    >>> plotly_literal('<a href="http://a.b">x</a> & y')
    '&lt;a href=&quot;http://a.b&quot;&gt;x&lt;/a&gt; &amp; y'
    """
    return html.escape(str(text))
