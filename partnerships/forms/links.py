"""Typed links between agreements on the agreement form, read as sentences: this
agreement leads to / supersedes / amends / terminates the other, or the other … this
agreement. Stored as AgreementLink(from, to, kind), whichever end they were typed at."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from partnerships.forms.base import ROW_LIMITS, KitForm, KitFormSet
from partnerships.forms.fields import flat_choices
from partnerships.models import Agreement, AgreementLink, Partnership


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


class LinkForm(KitForm, forms.Form):
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

    def is_saved_record(self) -> bool:
        return bool(self.initial.get("link"))

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
            for value, label in flat_choices(self.fields["other"].choices)
            if value not in ("", None)
        }
        other = titles.get(str(self.initial["other"]), "another agreement")
        return _sentence(self.initial["direction"], self.initial["kind"], other)


def _sentence(direction: str, kind: str, other_title: str) -> str:
    kind_label = AgreementLink.Kind(kind).label
    if direction == LinkDirection.FROM_THIS:
        return f"this agreement {kind_label} “{other_title}”"
    return f"“{other_title}” {kind_label} this agreement"


class BaseLinksFormSet(KitFormSet, forms.BaseFormSet):
    row_label = "Link"

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
        for form in self.kept_forms():
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

    def changes(self) -> tuple[list[AgreementLink], list[AgreementLink]]:
        """(links to add or change, links to remove), whichever end each row was typed at."""
        removed = [
            form.cleaned_data["link"]
            for form in self.forms
            if self.is_removed(form) and form.cleaned_data.get("link")
        ]
        saved = []
        for form in self.kept_forms():
            data = form.cleaned_data
            link = data.get("link") or AgreementLink()
            ends = (self.agreement, data["other"])
            if data["direction"] == LinkDirection.TO_THIS:
                ends = ends[::-1]
            wanted = (ends[0].pk, ends[1].pk, data["kind"], data["note"])
            current = (link.from_agreement_id, link.to_agreement_id, link.kind, link.note)
            if link.pk and wanted == current:
                continue
            link.from_agreement, link.to_agreement = ends
            link.kind, link.note = data["kind"], data["note"]
            saved.append(link)
        return saved, removed


LinksFormSet = forms.formset_factory(
    LinkForm,
    formset=BaseLinksFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    **ROW_LIMITS,
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
