"""The reader's comment form, with the checks that keep robots out.

The form carries a signed token (JSON signing: ``django.core.signing``, never
pickle) naming the page it was rendered for, when, and a random nonce. A form
older than ``TOKEN_MAX_AGE`` or sent back sooner than ``TOKEN_MIN_AGE`` after
rendering is refused, as is one whose honeypot field (hidden from people) is
filled in, and one that has already posted a comment: the view spends the nonce
(``UsedFormToken``) as it saves the comment, so one form posts once.
"""

import secrets
import time
from datetime import timedelta

from django import forms
from django.core import signing
from django.core.validators import URLValidator

from wagtail.models import Page

from helix.text import strip_control_characters

from .models import (
    BODY_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    URL_MAX_LENGTH,
    Comment,
    CommentSettings,
    UsedFormToken,
)

TOKEN_SALT = "reader_comments.form"
TOKEN_MAX_AGE = 2 * 60 * 60
TOKEN_MIN_AGE = 3
HONEYPOT_FIELD = "contact_number"
USED_TOKEN = "This form has already been sent. Reload the page to write another comment."


def make_token(page: Page | int, issued_at: float | None = None) -> str:
    """The signed token of one form for a page (or its id): which page, when, and a nonce."""
    issued_at = time.time() if issued_at is None else issued_at
    payload = {"page": getattr(page, "pk", page), "ts": int(issued_at), "n": secrets.token_hex(8)}
    return signing.dumps(payload, salt=TOKEN_SALT)


class CleanCharField(forms.CharField):
    """A CharField that drops control characters before validating lengths."""

    def to_python(self, value):
        return strip_control_characters(super().to_python(value))


class CommentForm(forms.Form):
    name = CleanCharField(max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label="E-mail",
        max_length=EMAIL_MAX_LENGTH,
        help_text="Your e-mail address will not be published.",
    )
    url = forms.URLField(
        label="Website",
        max_length=URL_MAX_LENGTH,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    body = CleanCharField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)
    contact_number = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, page: Page, rules: CommentSettings, **kwargs):
        self.page = page
        self.rules = rules
        kwargs.setdefault("auto_id", f"comment-form-{page.pk}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound and "token" not in self.initial:  # issued once, if not given
            self.initial["token"] = make_token(page)

    def clean_email(self) -> str:
        return strip_control_characters(self.cleaned_data["email"]).strip()

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        try:
            payload = signing.loads(token, salt=TOKEN_SALT)
            page_id, issued_at, nonce = int(payload["page"]), int(payload["ts"]), str(payload["n"])
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise forms.ValidationError(
                "This form could not be verified. Reload the page and try again.",
                code="bad_token",
            ) from error
        if page_id != self.page.pk:
            raise forms.ValidationError(
                "This form belongs to another page. Reload the page and try again.",
                code="bad_token",
            )
        age = time.time() - issued_at
        if age > TOKEN_MAX_AGE:
            raise forms.ValidationError(
                "This form has expired (it is more than two hours old). "
                "Copy your comment, reload the page and post it again.",
                code="stale_token",
            )
        if age < TOKEN_MIN_AGE:
            raise forms.ValidationError(
                "That was too quick to be typed by hand. Wait a few seconds and send it again.",
                code="too_fast",
            )
        if UsedFormToken.objects.filter(nonce=nonce).exists():
            raise forms.ValidationError(USED_TOKEN, code="used_token")
        self.nonce = nonce
        return token

    def spend_token(self) -> bool:
        """Mark this form as having posted (call as the comment is saved); False if it had."""
        return UsedFormToken.objects.spend(self.nonce, timedelta(seconds=TOKEN_MAX_AGE))

    def clean_contact_number(self) -> str:
        if self.cleaned_data[HONEYPOT_FIELD]:
            raise forms.ValidationError(
                "This comment looks automated and was not accepted.", code="honeypot"
            )
        return ""

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().for_page(self.page).filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not available.", code="bad_parent"
            )
        if parent.depth >= self.rules.max_depth:
            raise forms.ValidationError(
                "Replies cannot be nested any deeper here.", code="too_deep"
            )
        return parent

    def build_comment(self) -> Comment:
        data = self.cleaned_data
        return Comment(
            page=self.page,
            parent=data["parent"],
            name=data["name"].strip(),
            email=data["email"],
            url=data["url"],
            body=data["body"].strip(),
        )


class StaffReplyForm(forms.Form):
    body = CleanCharField(
        label="Reply",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Published at once, marked as a staff reply, under your name.",
    )


class PrivacyRequestForm(forms.Form):
    """An admin's request to export or erase everything one reader wrote."""

    email = forms.EmailField(label="Reader's e-mail address", max_length=EMAIL_MAX_LENGTH)
    action = forms.ChoiceField(
        choices=[("export", "Export as JSON"), ("erase", "Erase permanently")],
        widget=forms.RadioSelect,
        initial="export",
    )
    confirm = forms.BooleanField(
        label="Yes, erase every comment by this address",
        required=False,
        help_text="Needed to erase; erasing cannot be undone.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "erase" and not cleaned.get("confirm"):
            self.add_error("confirm", "Tick this box to confirm the erasure.")
        return cleaned
