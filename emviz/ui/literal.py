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


def markdown_literal(text: str) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it character for character.

    Every ASCII punctuation character gets a backslash (CommonMark lets any of them
    be escaped), so links, images, emphasis, code, LaTeX (``$``), colour directives
    and HTML entities stay plain text; line breaks become spaces, so a name cannot
    start a heading or a list.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> markdown_literal("![i](http://a.b/c.png) **x**")
    '\\\\!\\\\[i\\\\]\\\\(http\\\\:\\\\/\\\\/a\\\\.b\\\\/c\\\\.png\\\\) \\\\*\\\\*x\\\\*\\\\*'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))


def plotly_literal(text: str) -> str:
    """``text`` escaped for plotly's titles and labels, which read a subset of HTML (``<a>``, ``<b>``, ``<br>``).

    Examples
    --------
    >>> plotly_literal('<a href="http://a.b">x</a> & y')
    '&lt;a href=&quot;http://a.b&quot;&gt;x&lt;/a&gt; &amp; y'
    """
    return html.escape(str(text))
