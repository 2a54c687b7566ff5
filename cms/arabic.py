"""The one text normaliser for search and word matching (Arabic first, Latin too).

``normalize`` makes spellings that a reader considers the same word compare equal: with or without
harakat, stretched with tatweel, typed with a Persian keyboard, split by zero-width characters, or
stored as presentation forms. It is lossy by design, so it is applied to search keys and to the
text fed to word filters, and never to stored display text.
"""

import unicodedata

# Zero-width and other invisible characters that split words without showing anything.
ZERO_WIDTH_CHARS = (
    "\u200b\u200c\u200d"  # ZWSP, ZWNJ, ZWJ
    "\u2060"  # word joiner
    "\ufeff"  # BOM / zero-width no-break space
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u180e"  # Mongolian vowel separator
)
# Bidi marks, embeddings, overrides and isolates: they reorder or hide text (name spoofing).
BIDI_CONTROL_CHARS = (
    "\u200e\u200f"  # LRM, RLM
    "\u061c"  # Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
INVISIBLE_CHARS = frozenset(ZERO_WIDTH_CHARS + BIDI_CONTROL_CHARS)

_HARAKAT = [chr(c) for c in range(0x064B, 0x0660)]  # fathatan .. hamza below, incl. shadda, sukun
_QURANIC_MARKS = [chr(c) for c in range(0x06D6, 0x06EE)]
_REMOVED = [*_HARAKAT, "\u0670", *_QURANIC_MARKS, "\u0640", *INVISIBLE_CHARS]  # U+0670 superscript alef, U+0640 tatweel

_FOLDED = {
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0622": "\u0627",  # آ -> ا
    "\u0671": "\u0627",  # ٱ (alef wasla) -> ا
    "\u0649": "\u064a",  # ى (alef maqsura) -> ي
    "\u0629": "\u0647",  # ة (teh marbuta) -> ه
    "\u06cc": "\u064a",  # ی (Persian yeh) -> ي
    "\u06a9": "\u0643",  # ک (keheh) -> ك
}
# Arabic-Indic and Persian digits -> ASCII, so "٢٠٢٤" and "۲۰۲۴" find "2024".
_DIGITS = {chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)}

_NORMALIZE_TABLE = str.maketrans({**dict.fromkeys(_REMOVED), **_FOLDED, **_DIGITS})
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(INVISIBLE_CHARS))


def normalize(text: str) -> str:
    """Return the search/matching key of ``text``; never store it as display text.

    NFKC runs first because presentation forms decompose into letters plus harakat, which the
    table then removes; case folding only affects scripts with case (Latin, Greek, Cyrillic).
    """
    folded = unicodedata.normalize("NFKC", text).translate(_NORMALIZE_TABLE).casefold()
    return " ".join(folded.split())


def strip_invisible(text: str) -> str:
    """Remove bidi controls and zero-width characters only; letters and harakat are kept.

    For names shown next to other people's text (commenters), where these characters spoof or hide.
    """
    return text.translate(_INVISIBLE_TABLE)
