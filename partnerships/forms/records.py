"""Editors' forms for companies, partnerships and agreements, with their row formsets.

Records are versioned (``VersionedModelForm``), so a stale form is refused rather
than saved over someone else's change; that includes each key term. Rules that span
rows (distinct parties, one topic per agreement, no duplicate links) are checked on
the formsets with messages an editor can act on; the database enforces them as well.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db.models import Q
from django.forms.utils import ErrorDict

from partnerships.forms.base import VersionedModelForm
from partnerships.models import (
    Agreement,
    AgreementLink,
    AgreementTerm,
    Company,
    Partnership,
    Party,
    validate_distinct_parties,
)

# Text fields the database leaves unbounded still get a limit a person could type.
LONG_TEXT = 10_000
MAX_ROWS = 50


def _date_input() -> forms.DateInput:
    # type=date always submits and displays ISO dates, whatever the locale says.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Reshowable:
    """A form that can be shown again exactly as typed, without being judged yet.

    "Add another row" posts the whole page; the page comes back with one more row and
    everything typed so far, but no error messages about rows not yet finished.
    """

    def __init__(self, *args, reshow: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reshow = reshow

    def full_clean(self):
        if self.reshow:
            self._errors = ErrorDict(renderer=self.renderer)
            self.cleaned_data = {}
            return
        super().full_clean()


class ReshowableFormSet:
    """The formset counterpart of ``Reshowable``: its rows and its own checks wait too."""

    def __init__(self, *args, reshow: bool = False, **kwargs):
        self.reshow = reshow
        if reshow:
            kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "reshow": True}
        super().__init__(*args, **kwargs)

    def full_clean(self):
        if self.reshow:
            self._errors = []
            self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)
            return
        super().full_clean()

    def live_forms(self):
        """Rows that will be saved: filled in and not marked for removal."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not (self.can_delete and self._should_delete_form(form))
        ]


def add_row(data, prefix: str):
    """The posted data with one more (blank) row in the formset named ``prefix``."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, ""))
    except ValueError:
        return data
    data[key] = str(min(max(total, 0) + 1, MAX_ROWS))
    return data


# --- companies -----------------------------------------------------------------------------


class CompanyForm(VersionedModelForm):
    class Meta:
        model = Company
        fields = ["name", "kind", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": "A company with this name is already recorded."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_length(self.fields["description"], 2000)


# --- partnerships --------------------------------------------------------------------------


class PartnershipForm(Reshowable, VersionedModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "status", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_length(self.fields["summary"], LONG_TEXT)


class PartyForm(Reshowable, forms.ModelForm):
    class Meta:
        model = Party
        fields = ["company", "role"]
        error_messages = {
            "company": {
                "invalid_choice": "That company is not on record; choose one from the list."
            }
        }

    def validate_constraints(self):
        # One company once per partnership is checked across all rows (PartiesFormSet),
        # where a removed row may free its company for another; the database keeps it too.
        pass


class BasePartiesFormSet(ReshowableFormSet, forms.BaseInlineFormSet):
    _company_choices: list | None = None

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Every row offers the same companies: read them once, not once per row.
        if self._company_choices is None:
            self._company_choices = list(form.fields["company"].choices)
        form.fields["company"].choices = self._company_choices
        if "id" in form.fields:
            form.fields["id"].error_messages["invalid_choice"] = (
                "This party was removed by someone else since you opened the page; reload it."
            )

    def clean(self):
        # Not super().clean(): its duplicate message names database columns, ours the company.
        if any(self.errors):
            return
        companies = [form.cleaned_data.get("company") for form in self.live_forms()]
        seen = set()
        for company in companies:
            if company is not None and company.pk in seen:
                raise ValidationError(
                    f"{company.name} is listed twice; a company takes one role in a partnership.",
                    code="duplicate_party",
                )
            if company is not None:
                seen.add(company.pk)
        validate_distinct_parties(companies)


PartiesFormSet = forms.inlineformset_factory(
    Partnership,
    Party,
    form=PartyForm,
    formset=BasePartiesFormSet,
    fields=["company", "role"],
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROWS,
    validate_max=True,
)


# --- agreements ----------------------------------------------------------------------------


class BindingField(forms.TypedChoiceField):
    """Binding as the editor thinks of it: the kind's default unless said otherwise."""

    DEFAULT = ""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                (self.DEFAULT, "Default for kind"),
                ("True", "Binding"),
                ("False", "Non-binding"),
            ],
            coerce=lambda value: value == "True",
            empty_value=None,
            required=False,
            **kwargs,
        )


class AgreementForm(Reshowable, VersionedModelForm):
    # Explained under the row of selects (the template), so that the selects line up.
    is_binding = BindingField(
        label="Binding", widget=forms.Select(attrs={"aria-describedby": "binding-help"})
    )

    class Meta:
        model = Agreement
        fields = [
            "partnership",
            "title",
            "kind",
            "is_binding",
            "status",
            "announced_on",
            "signed_on",
            "effective_on",
            "ends_on",
            "value",
            "currency",
            "summary",
        ]
        labels = {
            "announced_on": "Announced",
            "signed_on": "Signed",
            "effective_on": "Effective",
            "ends_on": "Ends",
        }
        widgets = {
            "announced_on": _date_input(),
            "signed_on": _date_input(),
            "effective_on": _date_input(),
            "ends_on": _date_input(),
            "currency": forms.TextInput(
                attrs={"size": 3, "autocapitalize": "characters", "placeholder": "USD"}
            ),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "partnership": {
                "invalid_choice": "That partnership is not on record; choose one from the list."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving an agreement to another partnership would strand its links and events.
            del self.fields["partnership"]
            if self.instance.is_binding == self._kind_default(self.instance.kind):
                self.initial["is_binding"] = BindingField.DEFAULT
            else:
                self.initial["is_binding"] = str(self.instance.is_binding)
        self.fields["value"].validators.append(
            MinValueValidator(0, "The value cannot be negative.")
        )
        self.fields["value"].widget.attrs.update(min="0", placeholder="e.g. 13000000000")
        self.fields["currency"].help_text = ""
        self.fields["currency"].validators.append(
            RegexValidator(r"^[A-Za-z]{3}$", "Use a three-letter ISO 4217 code, e.g. USD or EUR.")
        )
        _limit_length(self.fields["summary"], LONG_TEXT)

    @staticmethod
    def _kind_default(kind: str) -> bool:
        return kind not in Agreement.NON_BINDING_KINDS

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean_is_binding(self) -> bool | None:
        # "Default for kind" is resolved now, so a stale form compares like for like.
        binding = self.cleaned_data.get("is_binding")
        kind = self.cleaned_data.get("kind")
        if binding is None and kind:
            return self._kind_default(kind)
        return binding

    def clean(self):
        cleaned = super().clean()
        value, currency = cleaned.get("value"), cleaned.get("currency")
        if value is not None and not currency and "currency" not in self.errors:
            self.add_error("currency", "Give the currency of the value, e.g. USD.")
        ends = cleaned.get("ends_on")
        for name, label in (("effective_on", "takes effect"), ("signed_on", "is signed")):
            start = cleaned.get(name)
            if ends and start and ends < start and "ends_on" not in self.errors:
                self.add_error("ends_on", f"An agreement cannot end before it {label}.")
        return cleaned


class TermForm(Reshowable, VersionedModelForm):
    class Meta:
        model = AgreementTerm
        fields = ["position", "topic", "heading", "text"]
        labels = {"topic": "Topic key", "text": "What was agreed"}
        # Said once above the rows (the template) rather than in every row.
        help_texts = {"topic": ""}
        widgets = {
            "position": forms.NumberInput(attrs={"min": 0}),
            "topic": forms.TextInput(
                attrs={"list": "topic-keys", "autocomplete": "off", "spellcheck": "false"}
            ),
            "text": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "topic": {
                "invalid": "Use lowercase letters, numbers and hyphens, e.g. cloud-exclusivity."
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if not self.instance.pk:
            # Blank, not the model's default 0: a new term goes after the others.
            self.initial.pop("position", None)
        _limit_length(self.fields["text"], LONG_TEXT)

    def clean_topic(self) -> str:
        return self.cleaned_data["topic"].strip().lower()

    def validate_constraints(self):
        # One topic per agreement is checked across all rows (TermsFormSet), where a
        # removed row may free its topic for another; the database keeps it too.
        pass


class BaseTermsFormSet(ReshowableFormSet, forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "id" in form.fields:
            form.fields["id"].error_messages["invalid_choice"] = (
                "This key term was deleted by someone else since you opened the page; reload it."
            )

    def clean(self):
        if any(self.errors):
            return
        for form in self.deleted_forms:
            # Removing a term someone has just changed would discard their change unseen.
            if getattr(form, "has_conflict", False):
                raise ValidationError(
                    f"The key term “{form.conflict['current'].heading}” was changed by "
                    "someone else since you opened the page, so it was not removed. "
                    "Save again to remove it anyway.",
                    code="stale",
                )
        topics = set()
        for form in self.live_forms():
            topic = form.cleaned_data.get("topic")
            if topic in topics:
                form.add_error(
                    "topic",
                    ValidationError(
                        f"The topic key “{topic}” is already used by another term of this "
                        "agreement; each topic appears once per agreement.",
                        code="duplicate_topic",
                    ),
                )
            topics.add(topic)
        # Terms without a position go after the others, in the order they were typed.
        last = max(
            (form.cleaned_data.get("position") or 0 for form in self.live_forms()), default=0
        )
        for form in self.live_forms():
            if form.cleaned_data.get("position") is None:
                last += 1
                form.cleaned_data["position"] = form.instance.position = last


TermsFormSet = forms.inlineformset_factory(
    Agreement,
    AgreementTerm,
    form=TermForm,
    formset=BaseTermsFormSet,
    fields=["position", "topic", "heading", "text"],
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROWS,
    validate_max=True,
)


class LinkDirection:
    FROM_THIS = "from"
    TO_THIS = "to"
    CHOICES = [(FROM_THIS, "This agreement → other"), (TO_THIS, "Other → this agreement")]


class OtherAgreementField(forms.ModelChoiceField):
    """Looks up any agreement, so that a wrong one gets a message saying what is wrong;
    offers only the ones that fit (set as ``choices``)."""

    def label_from_instance(self, agreement: Agreement) -> str:
        return agreement_label(agreement)


def agreement_label(agreement: Agreement) -> str:
    when = agreement.key_date
    return f"{agreement.title} ({agreement.get_kind_display()}{f', {when:%Y}' if when else ''})"


class LinkForm(Reshowable, forms.Form):
    """One typed link, read as a sentence: this agreement leads to / supersedes … the other,
    or the other … this agreement. Stored as AgreementLink(from, to, kind)."""

    link = forms.ModelChoiceField(
        queryset=AgreementLink.objects.none(),
        widget=forms.HiddenInput,
        required=False,
        error_messages={
            "invalid_choice": "This link was removed by someone else since you opened the page; "
            "reload it."
        },
    )
    direction = forms.ChoiceField(
        label="Direction", choices=LinkDirection.CHOICES, initial=LinkDirection.FROM_THIS
    )
    kind = forms.ChoiceField(
        label="Link", choices=AgreementLink.Kind.choices, initial=AgreementLink.Kind.LEADS_TO
    )
    other = OtherAgreementField(
        label="Other agreement",
        queryset=Agreement.objects.select_related("partnership"),
        error_messages={
            "invalid_choice": "That agreement is not on record; choose one from the list.",
            "required": "Choose the agreement at the other end of the link.",
        },
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(
        self,
        *args,
        agreement: Agreement,
        partnership: Partnership | None,
        other_choices: list,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.partnership = partnership
        if agreement.pk:
            self.fields["link"].queryset = AgreementLink.objects.filter(
                Q(from_agreement=agreement) | Q(to_agreement=agreement)
            )
        self.fields["other"].choices = other_choices

    def clean_other(self) -> Agreement:
        other = self.cleaned_data["other"]
        if self.agreement.pk and other.pk == self.agreement.pk:
            raise ValidationError("An agreement cannot link to itself; choose another agreement.")
        if self.partnership is not None and other.partnership_id != self.partnership.pk:
            raise ValidationError(
                f"“{other.title}” belongs to another partnership ({other.partnership.name}); "
                "links join agreements of the same partnership."
            )
        return other

    def sentence(self) -> str:
        """e.g. this agreement leads to “Azure MOU”, for messages."""
        data = self.cleaned_data
        return _sentence(data["direction"], data["kind"], data["other"].title)

    def saved_sentence(self) -> str:
        """The link as loaded, for the row's heading: “Azure MOU” leads to this agreement."""
        if not self.initial.get("link"):
            return ""
        titles = {
            str(value): label
            for value, label in _flat(self.fields["other"].choices)
            if value not in ("", None)
        }
        other = titles.get(str(self.initial["other"]), "another agreement")
        return _sentence(self.initial["direction"], self.initial["kind"], other)


def _sentence(direction: str, kind: str, other_title: str) -> str:
    kind_label = AgreementLink.Kind(kind).label
    if direction == LinkDirection.FROM_THIS:
        return f"this agreement {kind_label} “{other_title}”"
    return f"“{other_title}” {kind_label} this agreement"


def _flat(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flat(label)
        else:
            yield value, label


class BaseLinksFormSet(ReshowableFormSet, forms.BaseFormSet):
    def __init__(self, *args, agreement: Agreement, partnership: Partnership | None, **kwargs):
        self.agreement = agreement
        self.partnership = partnership
        kwargs["form_kwargs"] = {
            **kwargs.get("form_kwargs", {}),
            "agreement": agreement,
            "partnership": partnership,
            "other_choices": other_agreement_choices(agreement, partnership),
        }
        if agreement.pk:
            kwargs.setdefault("initial", existing_links(agreement))
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        # The blank rows offer both readings: "This agreement leads to …" and
        # "… leads to this agreement", so a link can be recorded from either end.
        if index is not None and index >= self.initial_form_count():
            blank = index - self.initial_form_count()
            direction = LinkDirection.TO_THIS if blank % 2 else LinkDirection.FROM_THIS
            kwargs["initial"] = {"direction": direction, "kind": AgreementLink.Kind.LEADS_TO}
        return kwargs

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.live_forms():
            data = form.cleaned_data
            key = (data["direction"], data["kind"], data["other"].pk)
            if key in seen:
                form.add_error(
                    "other",
                    ValidationError(
                        f"The same link is already listed above: {form.sentence()}.",
                        code="duplicate_link",
                    ),
                )
            seen.add(key)


LinksFormSet = forms.formset_factory(
    LinkForm,
    formset=BaseLinksFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROWS,
    validate_max=True,
)


def existing_links(agreement: Agreement) -> list[dict]:
    links = AgreementLink.objects.filter(
        Q(from_agreement=agreement) | Q(to_agreement=agreement)
    ).order_by("pk")
    return [
        {
            "link": link.pk,
            "direction": LinkDirection.FROM_THIS
            if link.from_agreement_id == agreement.pk
            else LinkDirection.TO_THIS,
            "kind": link.kind,
            "other": link.to_agreement_id
            if link.from_agreement_id == agreement.pk
            else link.from_agreement_id,
            "note": link.note,
        }
        for link in links
    ]


def other_agreement_choices(agreement: Agreement, partnership: Partnership | None) -> list:
    """The agreements a link may point at: the partnership's others, or, before a
    partnership is chosen, every agreement grouped by partnership."""
    candidates = Agreement.objects.select_related("partnership")
    if partnership is not None:
        candidates = candidates.filter(partnership=partnership)
    if agreement.pk:
        candidates = candidates.exclude(pk=agreement.pk)
    groups: dict[str, list] = {}
    for candidate in sorted(
        candidates,
        key=lambda item: (item.partnership.name, item.key_date is None, item.key_date, item.pk),
    ):
        groups.setdefault(candidate.partnership.name, []).append(
            (candidate.pk, agreement_label(candidate))
        )
    blank = [("", "— choose an agreement —")]
    if partnership is not None:
        return blank + groups.get(partnership.name, [])
    return blank + list(groups.items())


def _limit_length(field: forms.Field, limit: int) -> None:
    field.max_length = limit
    field.widget.attrs["maxlength"] = str(limit)
    field.validators.append(MaxLengthValidator(limit))
