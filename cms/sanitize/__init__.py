"""The one sanitising module: editors' and commenters' HTML go through bleach here, and only here.

bleach is deprecated upstream, so nothing else imports it. The cleaners are built once (per
thread, see _Cleaners). Sizes and structure are checked *before* bleach runs (``check_html_limits``):
html5lib is super-linear on deep nesting and attribute floods (100k nested ``<b>`` cost 56 s, 200k
attributes 69 s), so those inputs are refused without being parsed. Never NFKC-normalise the output:
that would turn fullwidth ``＜`` into markup.
"""

import html
import re
import threading
import unicodedata

from bleach import html5lib_shim
from bleach._vendor.html5lib.treebuilders import getTreeBuilder  # the html5lib copy bleach parses with
from bleach.sanitizer import BleachSanitizerFilter, Cleaner

from .limits import HtmlTooComplex, check_html_limits  # noqa: F401 (part of the public API)

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
# A "<" that cannot open a tag, a comment or a declaration is text. html5lib turns each into a token
# of its own (100,000 of them cost seconds), so in text with many of them each one is parked as a
# private-use character, which the tokenizer reads in bulk, and comes back escaped as "&lt;" (what
# the serializer would have written). Only when the input has no such character of its own.
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")
_STRAY_LT_PARKED = "\ue000"
_STRAY_LT_BULK = 1_000


def _entity_text(token) -> str:
    return html5lib_shim.convert_entity(token["name"]) or ""


class _DropContent(html5lib_shim.Filter):
    """Removes CONTENT_DROPPED_TAGS elements with their subtree; refuses a tree deeper than ``max_depth``.

    The depth is checked on the real tree because the parser can nest deeper than the tags typed.
    """

    def __init__(self, source, max_depth: int):
        super().__init__(source)
        self.max_depth = max_depth

    def __iter__(self):
        depth = dropping_from = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind == "EndTag":
                depth -= 1
                if depth < dropping_from:
                    dropping_from = 0
                    continue
            elif kind == "StartTag":
                depth += 1
                if depth > self.max_depth:
                    raise HtmlTooComplex("too_deep", self.max_depth)
                if not dropping_from and token["name"] in CONTENT_DROPPED_TAGS:
                    dropping_from = depth
            if not dropping_from:
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
                if token["name"] == "img" and (None, "src") not in token["data"]:
                    continue  # an image without a source shows nothing
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


class _BoundedTreeBuilder(getTreeBuilder("etree")):
    """html5lib's tree builder, stopped as soon as the tree outgrows the limits.

    check_html_limits only approximates the tree; the parser's own numbers bound its cost for the
    misnested shapes the scan does not model.
    """

    max_elements = max_depth = 0

    def reset(self):
        super().reset()
        self.elements = 0

    def createElement(self, token):
        self._count()
        return super().createElement(token)

    def insertElementNormal(self, token):
        self._count()
        return super().insertElementNormal(token)

    def _count(self) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise HtmlTooComplex("too_many_tags", self.max_elements)
        if len(self.openElements) > self.max_depth:  # openElements[0] is the fragment's root
            raise HtmlTooComplex("too_deep", self.max_depth)


class _Cleaner(Cleaner):
    """bleach's Cleaner with the limits checked first and CONTENT_DROPPED_TAGS removed with their content.

    bleach's parser turns unknown tags into empty text while tokenizing, so a ``<script>``'s code
    would survive as text; this parser keeps them as elements so _DropContent can remove the subtree.
    """

    def __init__(self, *, limits: dict, **kwargs):
        super().__init__(strip=True, strip_comments=True, protocols=LINK_PROTOCOLS, **kwargs)
        self.limits = limits
        self.parser = html5lib_shim.BleachHTMLParser(
            tags=self.tags | CONTENT_DROPPED_TAGS, strip=True, consume_entities=False,
            namespaceHTMLElements=False, tree=_BoundedTreeBuilder,
        )
        self.parser.tree.max_elements = limits["max_tags"]
        self.parser.tree.max_depth = limits["max_depth"]

    def clean(self, text: str) -> str:
        check_html_limits(text, **self.limits)
        text = _STORAGE_HAZARDS.sub("", text)
        if not text:
            return ""
        parked = text.count("<") > _STRAY_LT_BULK and _STRAY_LT_PARKED not in text
        if parked:
            text = _STRAY_LT.sub(_STRAY_LT_PARKED, text)
        stream = BleachSanitizerFilter(
            source=_DropContent(self.walker(self.parser.parseFragment(text)), self.limits["max_depth"]),
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=True,
            strip_html_comments=True,
            allowed_protocols=self.protocols,
        )
        for filter_class in self.filters:
            stream = filter_class(source=stream)
        html = self.serializer.render(stream)
        return html.replace(_STRAY_LT_PARKED, "&lt;") if parked else html


class _Cleaners(threading.local):
    """The two cleaners, built once per thread: a bleach Cleaner's parser keeps state, so threads can't share one."""

    def __init__(self):
        self.article = _Cleaner(
            tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES, filters=[_ArticleLinks], limits=ARTICLE_LIMITS
        )
        self.comment = _Cleaner(
            tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES, filters=[_CommentLinks], limits=COMMENT_LIMITS
        )


_CLEANERS = _Cleaners()  # the importing thread's pair is built here, at import


def clean_article_html(html_text: str) -> str:
    """Sanitise an article or page body with the editors' allow-list; HtmlTooComplex over ARTICLE_LIMITS.

    NULs, lone surrogates and bidi embedding/override/isolate controls are removed, so the result
    always encodes as UTF-8 and cannot reorder the page around it.
    """
    return _CLEANERS.article.clean(html_text)


def clean_comment_html(html_text: str) -> str:
    """Sanitise a comment body with the commenters' allow-list; HtmlTooComplex over COMMENT_LIMITS."""
    return _CLEANERS.comment.clean(html_text)


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
