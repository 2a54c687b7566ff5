"""The moderation policy: each rule alone and together, and word matching across Arabic spellings."""

from __future__ import annotations

import json

import pytest

from comments import moderation
from comments.models import BlockedSender, Comment, ModerationSettings
from tests.comments.conftest import payload, post
from tests.factories import ArticleFactory, BlockedSenderFactory, CommentFactory

pytestmark = pytest.mark.django_db

Code = moderation.Code
CASINO_WORDS = "كازينو\nكيزينو\nقمار\nإربح بسرعة\n0501234567"


def candidate(**overrides) -> moderation.Candidate:
    values = {
        "article_premoderated": False,
        "author_name": "سارة",
        "author_email": "sara@example.org",
        "body": "<p>مقال جيد</p>",
        "body_text": "مقال جيد",
        "author_url": "",
        "ip_address": "192.0.2.10",
        "honeypot": False,
    }
    values.update(overrides)
    return moderation.Candidate(**values)


def rules(**overrides) -> ModerationSettings:
    values = {"hold_first_time_commenters": False}
    values.update(overrides)
    return ModerationSettings.objects.create(id=1, **values)


def with_text(text: str) -> moderation.Candidate:
    return candidate(body=f"<p>{text}</p>", body_text=text)


# --- each rule alone ---


def test_nothing_applies_approves():
    decision = moderation.decide(candidate(), rules=rules())

    assert decision == moderation.Decision(Comment.Status.APPROVED, ())


def test_first_time_commenter_is_held():
    decision = moderation.decide(candidate(), rules=rules(hold_first_time_commenters=True))

    assert decision.status == Comment.Status.PENDING
    assert decision.codes == {Code.FIRST_TIME_COMMENTER}


def test_commenter_with_an_approved_comment_is_approved():
    CommentFactory(author_email="sara@example.org")

    decision = moderation.decide(candidate(), rules=rules(hold_first_time_commenters=True))

    assert decision.status == Comment.Status.APPROVED


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM])
def test_a_comment_that_was_not_approved_does_not_make_a_known_commenter(status):
    CommentFactory(author_email="sara@example.org", status=status)

    decision = moderation.decide(candidate(), rules=rules(hold_first_time_commenters=True))

    assert decision.codes == {Code.FIRST_TIME_COMMENTER}


def test_known_commenter_is_still_held_when_another_rule_holds():
    CommentFactory(author_email="sara@example.org")

    decision = moderation.decide(with_text("جرب القمار"), rules=rules(hold_first_time_commenters=True, moderation_words="قمار"))

    assert decision.status == Comment.Status.PENDING
    assert decision.codes == {Code.MODERATION_WORD}


LINKS = '<a href="https://a.example">a</a> <a href="https://b.example">b</a> https://c.example'


@pytest.mark.parametrize(
    ("max_links", "body", "held"),
    [
        (2, LINKS, True),  # two anchors and one URL typed as text
        (2, '<a href="https://a.example">a</a> <a href="https://b.example">https://b.example</a>', False),
        (3, LINKS, False),
        (0, '<a href="https://a.example">a</a>', True),
        (0, "<p>لا روابط</p>", False),
        (None, LINKS * 5, False),
    ],
)
def test_too_many_links_is_held(max_links, body, held):
    decision = moderation.decide(candidate(body=body, body_text="x"), rules=rules(max_links=max_links))

    assert (Code.TOO_MANY_LINKS in decision.codes) is held
    assert decision.status == (Comment.Status.PENDING if held else Comment.Status.APPROVED)


def test_moderation_word_holds_and_names_the_word():
    decision = moderation.decide(with_text("أفضل كازينو"), rules=rules(moderation_words="كازينو\n"))

    assert decision.status == Comment.Status.PENDING
    assert decision.reasons == (moderation.Reason(Code.MODERATION_WORD, "body: كازينو"),)


def test_disallowed_word_is_spam():
    decision = moderation.decide(with_text("أفضل كازينو"), rules=rules(disallowed_words="كازينو"))

    assert decision.status == Comment.Status.SPAM
    assert decision.codes == {Code.DISALLOWED_WORD}


@pytest.mark.parametrize("field", ["author_name", "author_email", "author_url"])
def test_words_are_also_looked_for_in_name_email_and_url(field):
    value = {"author_name": "casino king", "author_email": "casino@example.org", "author_url": "https://casino.example"}[field]

    decision = moderation.decide(candidate(**{field: value}), rules=rules(moderation_words="Casino"))

    assert decision.codes == {Code.MODERATION_WORD}


def test_premoderation_of_everything_holds():
    decision = moderation.decide(candidate(), rules=rules(premoderate_all=True))

    assert decision.reasons == (moderation.Reason(Code.PREMODERATION, "site"),)
    assert decision.status == Comment.Status.PENDING


def test_premoderation_of_one_article_holds():
    decision = moderation.decide(candidate(article_premoderated=True), rules=rules())

    assert decision.reasons == (moderation.Reason(Code.PREMODERATION, "article"),)


@pytest.mark.parametrize(
    ("kind", "value", "email", "ip"),
    [
        ("email", "sara@example.org", "sara@example.org", None),
        ("domain", "example.org", "sara@example.org", None),
        ("domain", "example.org", "sara@mail.example.org", None),
        ("address", "192.0.2.10", "sara@example.org", "192.0.2.10"),
    ],
)
@pytest.mark.parametrize(("action", "status"), [("hold", Comment.Status.PENDING), ("reject", Comment.Status.REJECTED)])
def test_blocked_sender_is_held_or_rejected_as_set(kind, value, email, ip, action, status):
    BlockedSenderFactory(kind=kind, value=value, action=action)

    decision = moderation.decide(candidate(author_email=email, ip_address=ip), rules=rules())

    assert decision.status == status
    assert decision.codes == {Code.BLOCKED_SENDER}
    assert value not in decision.reasons[0].detail  # the reason names the rule, not the person


@pytest.mark.parametrize(("kind", "value"), [("domain", "ample.org"), ("email", "other@example.org"), ("address", "192.0.2.11")])
def test_blocked_sender_does_not_catch_lookalikes(kind, value):
    BlockedSenderFactory(kind=kind, value=value, action="reject")

    assert moderation.decide(candidate(), rules=rules()).status == Comment.Status.APPROVED


def test_honeypot_is_spam():
    decision = moderation.decide(candidate(honeypot=True), rules=rules())

    assert decision.status == Comment.Status.SPAM
    assert decision.codes == {Code.HONEYPOT}


# --- combined ---


def test_every_reason_that_applies_is_returned():
    BlockedSenderFactory(kind="domain", value="example.org", action=BlockedSender.Action.HOLD)
    body = '<p>كازينو <a href="https://a.example">1</a> <a href="https://b.example">2</a> https://c.example</p>'

    decision = moderation.decide(
        candidate(body=body, body_text="كازينو 1 2 https://c.example", article_premoderated=True),
        rules=rules(moderation_words="كازينو", hold_first_time_commenters=True),
    )

    assert decision.status == Comment.Status.PENDING
    assert [reason.code for reason in decision.reasons] == [
        Code.BLOCKED_SENDER, Code.TOO_MANY_LINKS, Code.MODERATION_WORD, Code.PREMODERATION, Code.FIRST_TIME_COMMENTER,
    ]


def test_spam_wins_over_reject_and_hold():
    BlockedSenderFactory(kind="email", value="sara@example.org", action=BlockedSender.Action.REJECT)

    decision = moderation.decide(
        candidate(body="<p>قمار</p>", body_text="قمار", honeypot=True),
        rules=rules(disallowed_words="قمار", moderation_words="قمار", premoderate_all=True),
    )

    assert decision.status == Comment.Status.SPAM
    assert decision.codes == {Code.HONEYPOT, Code.DISALLOWED_WORD, Code.BLOCKED_SENDER, Code.MODERATION_WORD, Code.PREMODERATION}


def test_reject_wins_over_hold():
    BlockedSenderFactory(kind="email", value="sara@example.org", action=BlockedSender.Action.REJECT)

    decision = moderation.decide(candidate(), rules=rules(premoderate_all=True))

    assert decision.status == Comment.Status.REJECTED


def test_submission_stores_each_reason(no_floods, client):
    article = ArticleFactory(comments_premoderated=True)
    rules(moderation_words="كازينو", hold_first_time_commenters=True)

    response = post(client, article, payload(body="<p>أفضل كازينو</p>"))

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert sorted(comment.held_reasons.values_list("code", "detail")) == [
        (Code.FIRST_TIME_COMMENTER, ""), (Code.MODERATION_WORD, "body: كازينو"), (Code.PREMODERATION, "article"),
    ]


# --- words across Arabic spellings ---


def test_every_arabic_entry_of_the_abuse_corpus_is_caught(shared_dir):
    """The corpus spells casino/gambling with tatweel, harakat, presentation forms, Persian letters,
    ZWNJ/ZWJ, Quranic marks and Arabic-Indic digits. (arabic-07 is the Persian-yeh spelling of
    كيزينو, so that spelling is listed too.)"""
    entries = [e for e in json.loads((shared_dir / "corpora" / "comment-abuse.json").read_text()) if e["class"] == "arabic"]
    pattern = moderation.word_pattern(CASINO_WORDS)
    assert len(entries) == 13

    missed = [e["id"] for e in entries if not moderation.find_words(pattern, {"body": f"زوروا {e['payload']} اليوم"})]

    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "كازينو",
        "كــازــيـنـو",
        "كَازِينُوّ",
        "ﻗﻤﺎﺭ",
        "کازينو",
        "ك\u200cازي\u200dنو",
        "القمار",
        "والقمار",
        "فالقمار",
        "وبالقمار",
        "وللقمار",
        "بالقمار",
        "كالقمار",
        "للقمار",
        "فبالقمار",
        "وكالقمار",
        "بقمار",
        "لقمار",
        "وقمار",
        "فقمار",
        "وَالْقِمَــار",
        "للكازينو",
        "(القمار)",
        "«قمار»",
        "قمار،",
        "إربح بسرعة",
        "اربح   بسرعه",
        "اتصل ٠٥٠١٢٣٤٥٦٧",
        "CASINO",
        "ｃａｓｉｎｏ",
    ],
)
def test_listed_words_are_caught_however_spelled(text):
    pattern = moderation.word_pattern(CASINO_WORDS + "\ncasino")

    assert moderation.find_words(pattern, {"body": f"هذا {text} هنا"})


@pytest.mark.parametrize(
    ("listed", "text"),
    [
        ("قمار", "الأقمار الصناعية"),  # moons: the word inside a longer word
        ("قمار", "قماري"),
        ("كاز", "كازينو"),
        ("بار", "الأخبار"),
        ("بار", "أخبار"),
        ("سلم", "سلمى"),
        ("ass", "class assistant"),
        ("casino", "casinos"),
        ("الله", "له"),  # a listed word is not shortened below three letters
    ],
)
def test_a_short_word_never_matches_inside_a_longer_one(listed, text):
    pattern = moderation.word_pattern(listed)

    assert moderation.find_words(pattern, {"body": text}) == {}


def test_listed_words_with_the_article_match_without_it():
    pattern = moderation.word_pattern("القمار")

    assert moderation.find_words(pattern, {"body": "لا للقمار"}) == {"body": ["قمار"]}
    assert moderation.find_words(pattern, {"body": "قمار"}) == {"body": ["قمار"]}


def test_word_lists_ignore_blank_lines_and_compile_once():
    assert moderation.word_pattern("\n  \n") is None
    assert moderation.word_pattern("قمار\n\nكازينو") is moderation.word_pattern("قمار\n\nكازينو")


# --- what is on record about the sender, read with the submission or on its own ---


def test_a_sender_given_by_the_caller_is_not_read_again(django_assert_num_queries):
    settings_row = rules(hold_first_time_commenters=True)
    sender = moderation.Sender(blocked_kinds=frozenset({"email"}), blocked_reject=True, known=True)

    with django_assert_num_queries(0):
        decision = moderation.decide(candidate(), rules=settings_row, sender=sender)

    assert decision.status == Comment.Status.REJECTED
    assert decision.reasons == (moderation.Reason(Code.BLOCKED_SENDER, "email (reject)"),)


@pytest.mark.parametrize(
    ("blocks", "email", "ip"),
    [
        ([], "sara@example.org", "192.0.2.10"),
        ([("email", "sara@example.org", "hold")], "Sara@Example.org", None),
        ([("domain", "example.org", "hold"), ("address", "192.0.2.10", "reject")], "sara@mail.example.org", "192.0.2.10"),
        ([("domain", "example.org", "reject")], "sara@example.org", None),
        ([("address", "192.0.2.11", "reject"), ("email", "other@example.org", "reject")], "sara@example.org", "192.0.2.10"),
    ],
)
@pytest.mark.parametrize("known", [False, True])
def test_the_submission_s_one_query_knows_the_sender_as_the_policy_s_own_reads(blocks, email, ip, known):
    from comments.services.submission import _submission_inputs

    for kind, value, action in blocks:
        BlockedSenderFactory(kind=kind, value=value, action=action)
    if known:
        CommentFactory(author_email=email, status=Comment.Status.APPROVED)
    CommentFactory(author_email="someone@example.org", status=Comment.Status.APPROVED)
    rules(hold_first_time_commenters=True)

    read_with_submission = _submission_inputs(email=email, ip_address=ip, key="k").sender

    assert read_with_submission == moderation.read_sender(email, ip)
    assert read_with_submission.known is known
