"""The one sanitising module: editors' and commenters' HTML go through bleach here, and only here.

bleach is deprecated upstream, so nothing else imports it. Both cleaners are built once at import.
Sizes and structure are checked *before* bleach runs (``check_html_limits``): html5lib is
super-linear on deep nesting and attribute floods (100k nested ``<b>`` cost 56 s, 200k attributes
69 s), so those inputs are refused without being parsed. Output is never NFKC-normalised afterwards:
that would turn fullwidth ``＜`` into markup.
"""

import html
import re
import unicodedata

from bleach import html5lib_shim
from bleach.sanitizer import BleachSanitizerFilter, Cleaner

ARTICLE_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i", "blockquote",
    "figure", "figcaption", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "hr", "code", "pre",
})
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "width", "height"],
    "th": ["colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
}
COMMENT_TAGS = frozenset({"p", "br", "a", "strong", "b", "em", "i", "blockquote", "code", "ul", "ol", "li"})
COMMENT_ATTRIBUTES = {"a": ["href"]}
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})
COMMENT_LINK_REL = "nofollow ugc noopener"
# Elements removed together with everything inside them: their text is code, not prose.
CONTENT_DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "template", "svg", "math", "object", "noembed", "noframes",
})

ARTICLE_LIMITS = {"max_length": 200_000, "max_tags": 20_000, "max_depth": 40, "max_attributes": 20}
COMMENT_LIMITS = {"max_length": 5_000, "max_tags": 200, "max_depth": 10, "max_attributes": 10}


class HtmlTooComplex(ValueError):
    """The HTML is over a size or structure limit; ``code`` names the limit, ``str()`` explains it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# --- limits: a linear scan shaped like the HTML tokenizer, so hidden attributes are counted too ---

_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)")
# One attribute as the tokenizer reads it: a stray quote is part of a name, not the start of a value.
_ATTRIBUTE = re.compile(
    r"""[\t\n\f\r /]*[^\t\n\f\r />][^\t\n\f\r /=>]*"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"?|'[^']*'?|[^\t\n\f\r >]*))?"""
)
_TAG_CLOSE = re.compile(r"[\t\n\f\r /]*>?")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# A start tag that closes an open element of its family instead of nesting in it (``<li>a<li>b``),
# looked up no further than the first boundary element.
_CLOSES = {
    "li": ({"li"}, {"ul", "ol"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot"}, {"table"}),
    "a": ({"a"}, set()),
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


def check_html_limits(html_text: str, *, max_length: int, max_tags: int, max_depth: int, max_attributes: int = 20) -> None:
    """Raise HtmlTooComplex if the HTML is too long, has too many tags, nests too deep or floods attributes.

    Length counts code points. Depth follows the parser's common implied closings (``<p>``, ``<li>``,
    table parts); anything it does not model counts as deeper, never shallower. Linear time.
    """
    if len(html_text) > max_length:
        raise HtmlTooComplex("too_long", f"The HTML is too long: at most {max_length} characters are allowed.")
    stack: list[str] = []
    tags = 0
    pos = html_text.find("<")
    while pos >= 0:
        opening = _TAG_OPEN.match(html_text, pos)
        if not opening:
            pos = html_text.find("<", pos + 1)
            continue
        pos = opening.end()
        attributes = 0
        while attribute := _ATTRIBUTE.match(html_text, pos):
            pos = attribute.end()
            attributes += 1
            if attributes > max_attributes:
                raise HtmlTooComplex(
                    "too_many_attributes", f"A tag has too many attributes: at most {max_attributes} are allowed."
                )
        pos = html_text.find("<", _TAG_CLOSE.match(html_text, pos).end())
        name = opening.group(2).lower()
        if opening.group(1):
            _pop_to(stack, {name})
            continue
        tags += 1
        if tags > max_tags:
            raise HtmlTooComplex("too_many_tags", f"The HTML has too many tags: at most {max_tags} are allowed.")
        if name in _CLOSES_P:
            _pop_to(stack, {"p"}, {"table", "td", "th", "caption"})
        if name in _CLOSES:
            _pop_to(stack, *_CLOSES[name])
        if name not in _VOID:
            stack.append(name)
            if len(stack) > max_depth:
                raise HtmlTooComplex("too_deep", f"The HTML nests too deeply: at most {max_depth} levels are allowed.")


# --- URLs ---

_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*(?=:)")
_URL_NOISE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _squash_url(value: str) -> str:
    """The value as a scheme check must see it: entities decoded, no whitespace or invisible characters.

    Stricter than a browser on purpose (``\\u2028javascript:`` counts as javascript:).
    """
    decoded = html.unescape(value)
    return "".join(
        ch for ch in decoded if not ch.isspace() and unicodedata.category(ch) not in _URL_NOISE_CATEGORIES
    ).lower()


def _url_allowed(value: str, protocols: frozenset, *, relative: str = "") -> bool:
    """Whether a URL has an allowed scheme, or none and starts with ``relative``.

    bleach's own check lets ``javascript:123`` through (it reads the digits as a port).
    """
    squashed = _squash_url(value)
    scheme = _SCHEME.match(squashed)
    if scheme:
        return scheme.group() in protocols
    return squashed.startswith(relative)


# --- html5lib filters around bleach's sanitizer ---

_BIDI_EMBEDDINGS = "\u202a-\u202e\u2066-\u2069"  # overrides/isolates reorder the page around the text
_STORAGE_HAZARDS = re.compile(f"[\x00\ud800-\udfff{_BIDI_EMBEDDINGS}]")


def _entity_text(token) -> str:
    return html5lib_shim.convert_entity(token["name"]) or ""


class _DropContent(html5lib_shim.Filter):
    """Removes CONTENT_DROPPED_TAGS elements with their whole subtree (the tree walker keeps tags balanced)."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            if depth:
                depth += {"StartTag": 1, "EndTag": -1}.get(kind, 0)
            elif kind == "StartTag" and token["name"] in CONTENT_DROPPED_TAGS:
                depth = 1
            else:
                yield token


class _ArticleLinks(html5lib_shim.Filter):
    """Second check of link and image URLs, and removal of bidi/NUL/surrogate character references."""

    def __iter__(self):
        for token in super().__iter__():
            kind = token["type"]
            if kind == "Entity" and _STORAGE_HAZARDS.search(_entity_text(token)):
                continue
            if kind in ("StartTag", "EmptyTag"):
                self.check_urls(token)
            yield token

    @staticmethod
    def check_urls(token) -> None:
        attrs = token.get("data") or {}
        if token["name"] == "a" and (None, "href") in attrs:
            if not _url_allowed(attrs[(None, "href")], LINK_PROTOCOLS):
                del attrs[(None, "href")]
        if token["name"] == "img" and (None, "src") in attrs:
            if not _url_allowed(attrs[(None, "src")], IMAGE_PROTOCOLS, relative="/"):
                del attrs[(None, "src")]


# Starts like a URL, or is one domain-like token ("bank.example", "example.com/login").
_URL_LIKE_TEXT = re.compile(r"(?:https?://|www\.)|(?:[^\s./@]+\.)+[^\W\d_]{2,}(?:[/:?#]\S*)?\Z", re.I)
_COMPARABLE_URL_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:(?://)?)?(?:www\.)?")


def _comparable_url(value: str) -> str:
    return _COMPARABLE_URL_PREFIX.sub("", _squash_url(value)).rstrip("/")


class _CommentLinks(_ArticleLinks):
    """Comment links: rel="nofollow ugc noopener" on each, and unwrapped to text when not a usable link.

    An ``<a>`` without an href, or a masked link (its text looks like a URL other than its href),
    keeps its content and loses the tag.
    """

    def __iter__(self):
        held: list = []  # tokens of the open <a>, until its end tag decides whether to keep the tag
        depth = 0
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EndTag") and token["name"] == "a":
                depth += 1 if token["type"] == "StartTag" else -1
            if not held and not depth:
                yield token
                continue
            held.append(token)
            if depth == 0:
                yield from held if self.is_honest_link(held) else held[1:-1]
                held = []
        yield from held  # unbalanced only if the walker misbehaves: better kept than lost

    @staticmethod
    def is_honest_link(tokens) -> bool:
        attrs = tokens[0].get("data") or {}
        href = attrs.get((None, "href"))
        if href is None:
            return False
        attrs[(None, "rel")] = COMMENT_LINK_REL
        text = "".join(
            _entity_text(t) if t["type"] == "Entity" else t["data"]
            for t in tokens
            if t["type"] in ("Characters", "SpaceCharacters", "Entity")
        ).strip()
        if not _URL_LIKE_TEXT.match(text):
            return True
        return _comparable_url(text) == _comparable_url(href)


class _Cleaner(Cleaner):
    """bleach's Cleaner that drops CONTENT_DROPPED_TAGS with their content.

    bleach's parser turns unknown tags into empty text while tokenizing, so a ``<script>``'s code
    would survive as text; this parser keeps them as elements so _DropContent can remove the subtree.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.parser = html5lib_shim.BleachHTMLParser(
            tags=self.tags | CONTENT_DROPPED_TAGS, strip=self.strip, consume_entities=False, namespaceHTMLElements=False
        )

    def clean(self, text: str) -> str:
        if not text:
            return ""
        stream = BleachSanitizerFilter(
            source=_DropContent(self.walker(self.parser.parseFragment(text))),
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=self.strip,
            strip_html_comments=self.strip_comments,
            css_sanitizer=self.css_sanitizer,
            allowed_protocols=self.protocols,
        )
        for filter_class in self.filters:
            stream = filter_class(source=stream)
        return self.serializer.render(stream)


_ARTICLE_CLEANER = _Cleaner(
    tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES, protocols=LINK_PROTOCOLS,
    strip=True, strip_comments=True, filters=[_ArticleLinks],
)
_COMMENT_CLEANER = _Cleaner(
    tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES, protocols=LINK_PROTOCOLS,
    strip=True, strip_comments=True, filters=[_CommentLinks],
)


def clean_article_html(html_text: str) -> str:
    """Sanitise an article or page body with the editors' allow-list.

    Raises HtmlTooComplex over ARTICLE_LIMITS. NULs, lone surrogates and bidi embedding/override/
    isolate controls are removed, so the result is always storable as UTF-8.
    """
    check_html_limits(html_text, **ARTICLE_LIMITS)
    return _ARTICLE_CLEANER.clean(_STORAGE_HAZARDS.sub("", html_text))


def clean_comment_html(html_text: str) -> str:
    """Sanitise a comment body with the commenters' allow-list; raises HtmlTooComplex over COMMENT_LIMITS."""
    check_html_limits(html_text, **COMMENT_LIMITS)
    return _COMMENT_CLEANER.clean(_STORAGE_HAZARDS.sub("", html_text))


_BLOCK_TAGS = frozenset({
    "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr", "pre",
})
# Sanitised output always double-quotes attribute values, and a value may contain ">".
_OUTPUT_TAG = re.compile(r"""<(/?)([A-Za-z][^\t\n\f\r />]*)(?:[^>"]|"[^"]*"?)*>?""")


def html_to_text(html_text: str) -> str:
    """Plain text of *sanitised* HTML, for search indexes and comment previews.

    Block tags become spaces, inline tags vanish, entities are decoded and whitespace collapsed.
    The result is text, not HTML: escape it wherever it is rendered.
    """
    spaced = _OUTPUT_TAG.sub(lambda m: " " if m.group(2).lower() in _BLOCK_TAGS else "", html_text)
    return " ".join(html.unescape(spaced).split())
