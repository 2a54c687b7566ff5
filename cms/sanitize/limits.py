"""Size and structure limits checked before bleach parses anything.

html5lib is super-linear on deep nesting and attribute floods, so those inputs are refused by a
linear scan shaped like the HTML tokenizer (attributes behind stray quotes still count).
"""

import re

_MESSAGES = {
    "too_long": "The HTML is too long: at most {} characters are allowed.",
    "too_many_tags": "The HTML has too many tags: at most {} are allowed.",
    "too_deep": "The HTML nests too deeply: at most {} levels are allowed.",
    "too_many_attributes": "A tag has too many attributes: at most {} are allowed.",
}


class HtmlTooComplex(ValueError):
    """The HTML is over a size or structure limit: ``code`` names the limit, ``str()`` explains it."""

    def __init__(self, code: str, limit: int):
        super().__init__(_MESSAGES[code].format(limit))
        self.code = code
        self.limit = limit


# --- limits: a linear scan shaped like the HTML tokenizer, so attributes behind stray quotes still count ---

_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)")
# One attribute as the tokenizer reads it: a stray quote is part of a name, not the start of a value.
_ATTRIBUTE = re.compile(
    r"""[\t\n\f\r /]*[^\t\n\f\r />][^\t\n\f\r /=>]*"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"?|'[^']*'?|[^\t\n\f\r >]*))?"""
)
_TAG_CLOSE = re.compile(r"[\t\n\f\r /]*>?")
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})
# Start tags that close an open element of their family (searched up to a boundary) instead of nesting in it.
_CLOSES = {
    "li": ({"li"}, {"ul", "ol"}),
    "tr": ({"tr"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "a": ({"a"}, set()),
    **dict.fromkeys(("thead", "tbody", "tfoot"), ({"thead", "tbody", "tfoot"}, {"table"})),
}
_CLOSES_P = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "table",
    "figure", "figcaption", "section", "article", "aside", "header", "footer", "nav", "address", "hr",
})


def _pop_to(stack: list[str], names, boundary=frozenset()) -> None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] in names:
            del stack[index:]
            return
        if stack[index] in boundary:
            return


def _skip_attributes(html_text: str, pos: int, max_attributes: int) -> int:
    """Return the position after the tag whose attributes start at ``pos``; raise on an attribute flood."""
    attributes = 0
    while attribute := _ATTRIBUTE.match(html_text, pos):
        pos = attribute.end()
        attributes += 1
        if attributes > max_attributes:
            raise HtmlTooComplex("too_many_attributes", max_attributes)
    return _TAG_CLOSE.match(html_text, pos).end()


def check_html_limits(
    html_text: str, *, max_length: int, max_tags: int, max_depth: int, max_attributes: int = 20
) -> None:
    """Raise HtmlTooComplex when the HTML is too long, has too many tags, nests too deep or floods attributes.

    Length counts code points. Depth follows the parser's usual implied closings (``<p>``, ``<li>``,
    table parts); whatever is not modelled counts as deeper. Linear time, no parser involved: the
    cleaners also bound the parser itself (_BoundedTreeBuilder) for misnesting this scan cannot see.
    """
    if len(html_text) > max_length:
        raise HtmlTooComplex("too_long", max_length)
    stack: list[str] = []
    tags = 0
    pos = html_text.find("<")
    while pos >= 0:
        opening = _TAG_OPEN.match(html_text, pos)
        if not opening:
            pos = html_text.find("<", pos + 1)
            continue
        pos = html_text.find("<", _skip_attributes(html_text, opening.end(), max_attributes))
        name = opening.group(2).lower()
        if opening.group(1):
            _pop_to(stack, {name})
            continue
        tags += 1
        if tags > max_tags:
            raise HtmlTooComplex("too_many_tags", max_tags)
        if name in _CLOSES_P:
            _pop_to(stack, {"p"}, {"table", "td", "th", "caption"})
        if name in _CLOSES:
            _pop_to(stack, *_CLOSES[name])
        if name not in _VOID:
            stack.append(name)
            if len(stack) > max_depth:
                raise HtmlTooComplex("too_deep", max_depth)
