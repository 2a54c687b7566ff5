"""Forms of the comments admin: the change form (body, legal hold, a decision with its note, a block) and the action bar's note."""

from __future__ import annotations

from django import forms
from django.contrib.admin import helpers
from django.utils.translation import gettext_lazy as _

from .. import cleaning
from ..models import BlockedSender, Comment
from ..services.base import NOTE_MAX_LENGTH

NOTE_HELP = _("Kept in the moderation log. Never write the commenter's personal data here.")


class CommentActionForm(helpers.ActionForm):
    """The action bar, with an optional note kept in the log with each decision (also for the per-row buttons)."""

    note = forms.CharField(
        label=_("Note:"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 30, "placeholder": _("optional")}),
    )


class CommentForm(forms.ModelForm):
    """Body and legal hold are the only model fields; status moves through the decision buttons only."""

    decision_note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, help_text=NOTE_HELP,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    # The status the page was shown with: a decision made on it fails if another moderator moved it meanwhile.
    expected_status = forms.ChoiceField(choices=Comment.Status.choices, required=False, widget=forms.HiddenInput)
    block_kind = forms.ChoiceField(
        label=_("Block the sender"), required=False,
        choices=[("", _("Do not block")), *BlockedSender.Kind.choices],
        help_text=_("Future comments from this e-mail address, e-mail domain or IP address are held or rejected."),
    )
    block_action = forms.ChoiceField(label=_("Blocked comments are"), required=False, choices=BlockedSender.Action.choices,
                                     initial=BlockedSender.Action.HOLD)

    class Meta:
        model = Comment
        fields = ["body", "legal_hold"]

    def clean_body(self):
        body = self.cleaned_data["body"]
        cleaning.sanitise_body(body)  # a ValidationError shows on the field; saving sanitises again
        return body
