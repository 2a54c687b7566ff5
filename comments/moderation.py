"""The moderation policy: which status a new comment gets, and every reason why.

``decide()`` is called by ``services.comment_submit`` (never from a signal). It looks at the one
``ModerationSettings`` row and at what is on record about the sender (``Sender``: the blocked
senders that match, whether the e-mail address already has an approved comment), which the
submission reads with its other inputs in one query, and returns a ``Decision``; the service
stores the status and one ``HeldReason`` row per reason.

Precedence when several rules apply: spam (honeypot, disallowed word) over rejected (a blocked
sender set to reject) over pending (anything else that holds), else approved.

Words match on ``cms.arabic.normalize``d plain text, as whole words, also behind Arabic clitic
prefixes; the listed words are normalised the same way, so spelling variants (diacritics,
tatweel, letter variants, zero-width characters, presentation forms) are all caught.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache, reduce

from django.db.models import Exists, Q, Value

from cms.arabic import normalize
from cms.prepared import Prepared
from cms.sanitize import html_to_text

from .models import BlockedSender, Comment, HeldReason, ModerationSettings
from .pseudonyms import pseudonym

Code = HeldReason.Code
SPAM_CODES = frozenset({Code.HONEYPOT, Code.DISALLOWED_WORD})
DETAIL_MAX_LENGTH = 300

# Clitics an Arabic word may carry: ال; ب ل ك (with ال: بال لل كال); و or ف before any of
# these or alone. Optional, so the bare word matches too.
ARABIC_PREFIXES = "(?:[وف]?(?:[بك]?ال|لل|[بلك])|[وف])?"
_ARTICLE = "ال"


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str = ""


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> set[str]:
        return {reason.code for reason in self.reasons}


@dataclass(frozen=True)
class Candidate:
    """What the policy looks at: a comment about to be stored (body already sanitised)."""

    article_premoderated: bool
    author_name: str
    author_email: str
    body: str
    body_text: str
    author_url: str = ""
    ip_address: str | None = None
    honeypot: bool = False


# --- words ---


def _word_key(line: str) -> str:
    """A listed word as it is matched: normalised, and without a leading ال (the prefix pattern adds it back)."""
    word = normalize(line)
    if word.startswith(_ARTICLE) and len(word) - len(_ARTICLE) >= 3:
        word = word[len(_ARTICLE) :]
    return word


@lru_cache(maxsize=16)
def word_pattern(words: str) -> re.Pattern | None:
    """One compiled pattern for a list of words (one per line); ``None`` for an empty list.

    Cached on the text itself, so an edited settings row gets a new pattern and an unchanged one
    is never compiled twice. Whole words: ``\\w`` lookarounds, which hold for Arabic letters too,
    so a short word never matches inside a longer one.
    """
    keys = {_word_key(line) for line in words.splitlines()}
    keys.discard("")
    if not keys:
        return None
    alternation = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w){ARABIC_PREFIXES}(?P<word>{alternation})(?!\w)")


def find_words(pattern: re.Pattern | None, texts: dict[str, str]) -> dict[str, list[str]]:
    """{field: [listed words found]} for each text (normalised here) in which the pattern matches."""
    if pattern is None:
        return {}
    found: dict[str, list[str]] = {}
    for name, text in texts.items():
        words = sorted({match.group("word") for match in pattern.finditer(normalize(text or ""))})
        if words:
            found[name] = words
    return found


def _words_detail(found: dict[str, list[str]]) -> str:
    return "; ".join(f"{name}: {', '.join(words)}" for name, words in found.items())[:DETAIL_MAX_LENGTH]


# --- links ---

_ANCHOR = re.compile(r"""<a\s(?:[^>"]|"[^"]*")*>.*?</a>""", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""<a\s(?:[^>"]|"[^"]*")*\bhref=""", re.IGNORECASE)
_BARE_URL = re.compile(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)


def count_links(body: str) -> int:
    """Links in sanitised HTML: ``<a href>`` elements plus URLs typed as plain text outside them."""
    return len(_HREF.findall(body)) + len(_BARE_URL.findall(html_to_text(_ANCHOR.sub(" ", body))))


# --- senders ---


def _domains(email: str) -> list[str]:
    """``a.b.example.com`` -> the domain and every parent domain, so a blocked domain covers its subdomains."""
    domain = email.rpartition("@")[2].lower()
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))] if domain else []


def _sender_filters(m, domains: int, with_address: bool) -> dict[str, Q]:
    """The blocked-sender rows of each kind that match a sender, as filters over marker values
    (``sender_values``): by e-mail address, by any of its ``domains`` domain levels, by client address."""
    filters = {BlockedSender.Kind.EMAIL: Q(kind=BlockedSender.Kind.EMAIL, value__in=[m.text("email"), m.text("email_hash")])}
    if domains:
        filters[BlockedSender.Kind.DOMAIN] = Q(kind=BlockedSender.Kind.DOMAIN, value__in=[m.text(f"domain{i}") for i in range(domains)])
    if with_address:
        filters[BlockedSender.Kind.ADDRESS] = Q(kind=BlockedSender.Kind.ADDRESS, value__in=[m.text("address"), m.text("address_hash")])
    return filters


def sender_values(email: str, ip_address: str | None) -> tuple[tuple[int, bool], dict[str, str]]:
    """(the shape of the sender lookups, their values): compiled queries are made once per shape."""
    # Blocks on erased senders hold a keyed hash of the value instead of the value (``comments.pseudonyms``).
    lowered = email.lower()
    domains = _domains(lowered)
    values = {"email": lowered, "email_hash": pseudonym(lowered, purpose="blocked-email"), "author_email": email}
    values.update((f"domain{i}", domain) for i, domain in enumerate(domains))
    if ip_address:
        values.update(address=ip_address, address_hash=pseudonym(ip_address, purpose="blocked-address"))
    return (len(domains), bool(ip_address)), values


# The names of the ``sender_checks`` annotations, read back by ``Sender.from_row``.
SENDER_CHECKS = ("blocked_email", "blocked_domain", "blocked_address", "blocked_reject", "known_commenter")


def sender_checks(m, domains: int, with_address: bool) -> dict:
    """What a ``Sender`` is made of, as EXISTS annotations over marker values (``sender_values``):
    for a query that reads them together with the rest of a submission's inputs (one round trip)."""
    filters = _sender_filters(m, domains, with_address)
    blocked = BlockedSender.objects.order_by()
    checks = {
        f"blocked_{kind}": Exists(blocked.filter(filters[kind])) if kind in filters else Value(False)
        for kind in (BlockedSender.Kind.EMAIL, BlockedSender.Kind.DOMAIN, BlockedSender.Kind.ADDRESS)
    }
    checks["blocked_reject"] = Exists(blocked.filter(reduce(operator.or_, filters.values()), action=BlockedSender.Action.REJECT))
    checks["known_commenter"] = Exists(Comment.objects.approved().order_by().filter(author_email=m.text("author_email")))
    return checks


@dataclass(frozen=True)
class Sender:
    """What is on record about whoever submits: the kinds of blocked-sender rule that match them,
    whether one of those rejects, and whether the e-mail address already has an approved comment
    (``None``: not looked up, because no rule asks)."""

    blocked_kinds: frozenset[str] = frozenset()
    blocked_reject: bool = False
    known: bool | None = None

    @classmethod
    def from_row(cls, row: dict) -> Sender:
        kinds = frozenset(kind for kind in BlockedSender.Kind.values if row[f"blocked_{kind}"])
        return cls(blocked_kinds=kinds, blocked_reject=bool(row["blocked_reject"]), known=bool(row["known_commenter"]))

    def blocked(self) -> tuple[str, str] | None:
        """(action, detail) when a blocked-sender rule matches; reject wins over hold."""
        if not self.blocked_kinds:
            return None
        action = BlockedSender.Action.REJECT if self.blocked_reject else BlockedSender.Action.HOLD
        # The detail names the kind of rule only: the value is personal data already on the comment.
        return action, ", ".join(sorted(self.blocked_kinds)) + f" ({action})"


@lru_cache(maxsize=64)
def _blocked_query(domains: int, with_address: bool) -> Prepared:
    """The blocked-sender rows for an e-mail with ``domains`` domain levels (and an address), compiled once per shape."""

    def build(m):
        q = reduce(operator.or_, _sender_filters(m, domains, with_address).values())
        return BlockedSender.objects.filter(q).order_by().values_list("kind", "action")

    return Prepared(build)


_KNOWN_COMMENTER = Prepared(lambda m: Comment.objects.approved().filter(author_email=m.text("email")).order_by().values_list("pk")[:1])


def is_known_commenter(email: str) -> bool:
    return bool(_KNOWN_COMMENTER.tuples(email=email))


def read_sender(email: str, ip_address: str | None, *, known: bool = True) -> Sender:
    """A ``Sender`` read on its own (``known``: whether to look up earlier approved comments too)."""
    shape, values = sender_values(email, ip_address)
    rows = _blocked_query(*shape).tuples(**values)
    return Sender(
        blocked_kinds=frozenset(kind for kind, _action in rows),
        blocked_reject=any(action == BlockedSender.Action.REJECT for _kind, action in rows),
        known=is_known_commenter(email) if known else None,
    )


# --- the policy ---


def decide(candidate: Candidate, *, rules: ModerationSettings | None = None, sender: Sender | None = None) -> Decision:
    """Apply every rule and return the resulting status with all the reasons that applied.

    ``sender``: what is on record about the sender, when the caller read it already (a submission
    reads it with its other inputs, in one query); otherwise it is read here.
    """
    rules = rules or ModerationSettings.load()
    if sender is None or (rules.hold_first_time_commenters and sender.known is None):
        sender = read_sender(candidate.author_email, candidate.ip_address, known=rules.hold_first_time_commenters)
    reasons: list[Reason] = []
    rejected = False

    if candidate.honeypot:
        reasons.append(Reason(Code.HONEYPOT))
    texts = {
        "name": candidate.author_name,
        "email": candidate.author_email,
        "url": candidate.author_url,
        "body": candidate.body_text,
    }
    if found := find_words(word_pattern(rules.disallowed_words), texts):
        reasons.append(Reason(Code.DISALLOWED_WORD, _words_detail(found)))
    if blocked := sender.blocked():
        action, detail = blocked
        rejected = action == BlockedSender.Action.REJECT
        reasons.append(Reason(Code.BLOCKED_SENDER, detail))
    if rules.max_links is not None and (links := count_links(candidate.body)) > rules.max_links:
        reasons.append(Reason(Code.TOO_MANY_LINKS, f"{links} > {rules.max_links}"))
    if found := find_words(word_pattern(rules.moderation_words), texts):
        reasons.append(Reason(Code.MODERATION_WORD, _words_detail(found)))
    if rules.premoderate_all or candidate.article_premoderated:
        reasons.append(Reason(Code.PREMODERATION, "site" if rules.premoderate_all else "article"))
    if rules.hold_first_time_commenters and not sender.known:
        reasons.append(Reason(Code.FIRST_TIME_COMMENTER))

    codes = {reason.code for reason in reasons}
    if codes & SPAM_CODES:
        status = Comment.Status.SPAM
    elif rejected:
        status = Comment.Status.REJECTED
    elif reasons:
        status = Comment.Status.PENDING
    else:
        status = Comment.Status.APPROVED
    return Decision(status=status, reasons=tuple(reasons))
