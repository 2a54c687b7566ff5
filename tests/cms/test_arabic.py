"""cms.arabic.normalize: spellings a reader sees as the same word get the same key."""

import pytest

from cms.arabic import INVISIBLE_CHARS, normalize, strip_invisible


@pytest.mark.parametrize(
    ("spelled", "key"),
    [
        ("أحمد", "احمد"),  # hamza above
        ("إسلام", "اسلام"),  # hamza below
        ("آمن", "امن"),  # madda
        ("ٱلكتاب", "الكتاب"),  # alef wasla
    ],
)
def test_alef_forms_fold_to_bare_alef(spelled, key):
    assert normalize(spelled) == key


def test_alef_maqsura_folds_to_yeh():
    assert normalize("مستشفى") == "مستشفي"


def test_teh_marbuta_folds_to_heh():
    assert normalize("الأميركية") == "الاميركيه"


def test_diacritised_and_plain_spellings_match():
    assert normalize("كَازِينُوّ") == normalize("كازينو") == "كازينو"
    assert normalize("قِمَار") == "قمار"


def test_superscript_alef_and_quranic_marks_are_removed():
    assert normalize("كازينو\u0670\u06e1\u06da") == "كازينو"
    assert normalize("هٰذا") == "هذا"


def test_tatweel_is_removed():
    assert normalize("القـــمار") == "القمار"


def test_presentation_forms_fold_to_letters():
    # U+FEDF lam initial, U+FEE4 meem medial, U+FE8E alef final, U+FEAD reh isolated
    assert normalize("\ufedf\ufee4\ufe8e\ufead") == "لمار"
    assert normalize("\ufed7\ufee4\ufe8e\ufead") == "قمار"


def test_presentation_form_harakat_are_removed_after_decomposition():
    # U+FE77 is the medial fatha form: NFKC turns it into a plain fatha, which the table removes
    assert normalize("ق\ufe77مار") == "قمار"
    assert normalize("\ufef5") == "لا"  # lam-alef with madda ligature


def test_persian_yeh_and_keheh_fold_to_arabic_letters():
    assert normalize("کیزینو") == "كيزينو"
    assert normalize("\u06a9\u0627\u0632\u06cc\u0646\u0648") == "كازينو"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"])
def test_zero_width_characters_inside_a_word_are_removed(invisible):
    assert normalize(f"كا{invisible}زينو") == "كازينو"
    assert normalize(f"c{invisible}asino") == "casino"


@pytest.mark.parametrize("control", list("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
def test_bidi_controls_are_removed(control):
    assert normalize(f"{control}نيمدا{control}") == "نيمدا"


def test_latin_is_case_folded():
    assert normalize("CASINO") == "casino"
    assert normalize("Straße") == "strasse"


def test_fullwidth_latin_folds_to_ascii():
    assert normalize("ＣＡＳＩＮＯ") == "casino"


def test_arabic_indic_and_persian_digits_fold_to_ascii():
    assert normalize("٢٠٢٤") == "2024"
    assert normalize("۲۰۲۴") == "2024"


def test_whitespace_runs_collapse_to_one_space_and_ends_are_stripped():
    assert normalize("  مرحبا \t\n\u00a0 بالعالم  ") == "مرحبا بالعالم"


def test_hamza_spelling_variants_of_a_phrase_match():
    assert normalize("إربح بسرعة") == normalize("اربح بسرعه")


def test_normalize_is_idempotent():
    text = "الأَمِيرَكِيّـــة ＣＡＳＩＮＯ \u200bکی"
    assert normalize(normalize(text)) == normalize(text)


def test_strip_invisible_removes_bidi_and_zero_width_characters():
    assert strip_invisible("Alice\u202e (moderator)") == "Alice (moderator)"
    assert strip_invisible("ad\u200bmin\u2066\u2069") == "admin"
    assert strip_invisible("".join(INVISIBLE_CHARS)) == ""


def test_strip_invisible_keeps_letters_diacritics_and_tatweel():
    name = "مُحَمَّد الـعلي"
    assert strip_invisible(name) == name


def test_strip_invisible_does_not_fold_or_case_fold():
    assert strip_invisible("أحمد CASINO") == "أحمد CASINO"
