"""The editors' agreement form, with its key terms and (``links.py``) its typed links.

Terms are versioned like the agreement, so a stale term is refused rather than saved
over someone else's change. Rules that span rows (one topic per agreement) are checked
on the formsets with messages an editor can act on; the database enforces them as well.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator

from partnerships.forms.base import (
    LONG_TEXT,
    ROW_LIMITS,
    KitModelFormSet,
    VersionedModelForm,
)
from partnerships.forms.fields import EMPTY, limit_length
from partnerships.forms.groups import FormGroup, Section
from partnerships.forms.links import LinksFormSet
from partnerships.forms.sources import (
    CitationForm,
    citation_formset,
    new_source_formset,
    posted_source_ids,
    source_choices,
)
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementTerm,
    Partnership,
    TermCitation,
)


def _date_input() -> forms.DateInput:
    # type=date always submits and displays ISO dates, whatever the locale says.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class AgreementForm(VersionedModelForm):
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
        self.fields["value"].validators.append(
            MinValueValidator(0, "The value cannot be negative.")
        )
        self.fields["value"].widget.attrs.update(min="0", placeholder="e.g. 13000000000")
        self.fields["currency"].help_text = ""
        self.fields["currency"].validators.append(
            RegexValidator(r"^[A-Za-z]{3}$", "Use a three-letter ISO 4217 code, e.g. USD or EUR.")
        )
        limit_length(self.fields["summary"], LONG_TEXT)

    def initial_from(self, instance: Agreement) -> dict:
        # Binding as the editor chose it: the kind's default, or said otherwise.
        if instance.is_binding == self._kind_default(instance.kind):
            binding = BindingField.DEFAULT
        else:
            binding = str(instance.is_binding)
        return {**super().initial_from(instance), "is_binding": binding}

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


class TermForm(VersionedModelForm):
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
        limit_length(self.fields["text"], LONG_TEXT)

    def conflict_label(self, current: AgreementTerm) -> str:
        return f"Key term “{current.heading}”"

    def clean_topic(self) -> str:
        return self.cleaned_data["topic"].strip().lower()

    def validate_constraints(self):
        # One topic per agreement is checked across all rows (TermsFormSet), where a
        # removed row may free its topic for another; the database keeps it too.
        pass


class BaseTermsFormSet(KitModelFormSet, forms.BaseInlineFormSet):
    row_label = "Key term"

    def clean(self):
        if any(self.errors):
            return
        for form in self.deleted_forms:
            # Removing a term someone has just changed would discard their change unseen.
            if form.has_conflict:
                raise ValidationError(
                    f"The key term “{form.conflict.current.heading}” was changed by "
                    "someone else since you opened the page, so it was not removed. "
                    "Save again to remove it anyway.",
                    code="stale",
                )
        topics = set()
        for form in self.kept_forms():
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
            (form.cleaned_data.get("position") or 0 for form in self.kept_forms()), default=0
        )
        for form in self.kept_forms():
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
    **ROW_LIMITS,
)


# --- sources ------------------------------------------------------------------------------

CitationFormSet = citation_formset(Agreement, AgreementCitation, "agreement")
NewSourceFormSet = new_source_formset(AgreementCitation, "agreement")
REMOVED_TERM_MESSAGE = (
    "This key term is being removed in the same save: remove this source too, or keep the term."
)


class SavedTermField(forms.ModelChoiceField):
    """One of this agreement's saved key terms (``queryset``), by heading."""

    def label_from_instance(self, term: AgreementTerm) -> str:
        return term.heading


class TermCitationForm(CitationForm):
    """A source for one of the agreement's saved key terms, with its excerpt."""

    term = SavedTermField(
        label="Key term",
        queryset=AgreementTerm.objects.none(),
        empty_label="Choose a key term",
        error_messages={
            "invalid_choice": "That key term is not one of this agreement's saved terms; "
            "choose one from the list.",
            "required": "Choose the key term this source backs.",
        },
    )

    class Meta:
        model = TermCitation
        fields = ["term", "source", "excerpt"]

    def __init__(self, *args, terms, term_choices: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        # Read once for all rows: the select shows these, the queryset checks a choice.
        self.fields["term"].widget.choices = term_choices

    def describe(self, values) -> str:
        term = values.get("term")
        return f"{term.heading if term else EMPTY}: {super().describe(values)}"


class BaseTermCitationFormSet(KitModelFormSet, forms.BaseModelFormSet):
    row_label = "Source for a key term"
    record = "key term"

    def __init__(self, *args, agreement: Agreement, **kwargs):
        self.agreement = agreement
        terms = AgreementTerm.objects.filter(agreement=agreement) if agreement.pk else None
        saved = list(terms.order_by("position", "id")) if terms is not None else []
        self.has_terms = bool(saved)
        if not self.has_terms:
            # Terms get sources once saved: until then there is nothing to choose.
            terms = AgreementTerm.objects.none()
            self.extra = 0
        kwargs["form_kwargs"] = {
            **kwargs.get("form_kwargs", {}),
            "terms": terms,
            "term_choices": [("", "Choose a key term"), *((t.pk, t.heading) for t in saved)],
        }
        kwargs["queryset"] = (
            TermCitation.objects.filter(term__agreement=agreement)
            .select_related("term", "source")
            .order_by("term__position", "term_id", "id")
            if agreement.pk
            else TermCitation.objects.none()
        )
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["excerpt"].help_text = "The passage that backs the key term."

    def clean(self):
        super().clean()
        seen = set()
        for form in self.kept_forms():
            term, source = form.cleaned_data.get("term"), form.cleaned_data.get("source")
            if term is None or source is None:
                continue
            if (term.pk, source.pk) in seen:
                form.add_error("source", "This source is cited for this key term above already.")
            seen.add((term.pk, source.pk))


TermCitationFormSet = forms.modelformset_factory(
    TermCitation,
    form=TermCitationForm,
    formset=BaseTermCitationFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    **ROW_LIMITS,
)


def cited_source_ids(agreement: Agreement) -> set[int]:
    """The sources the agreement and its terms cite, to offer them in every source select."""
    if agreement.pk is None:
        return set()
    return {
        *AgreementCitation.objects.filter(agreement=agreement).values_list("source_id", flat=True),
        *TermCitation.objects.filter(term__agreement=agreement).values_list("source_id", flat=True),
    }


class AgreementForms(FormGroup):
    """An agreement's form with its key terms, links and sources."""

    def __init__(
        self,
        data=None,
        *,
        agreement: Agreement,
        partnership: Partnership | None,
        reshow: bool = False,
        initial: dict | None = None,
    ):
        self.terms = TermsFormSet(data, instance=agreement, prefix="terms", reshow=reshow)
        self.links = LinksFormSet(
            data, prefix="links", agreement=agreement, partnership=partnership, reshow=reshow
        )
        chosen = posted_source_ids(data) if data is not None else cited_source_ids(agreement)
        rows = {"form_kwargs": {"source_choices": source_choices(chosen)}, "reshow": reshow}
        self.citations = CitationFormSet(
            data,
            instance=agreement,
            prefix="citations",
            queryset=AgreementCitation.objects.select_related("source").order_by("id"),
            **rows,
        )
        self.new_sources = NewSourceFormSet(data, prefix="new_sources", reshow=reshow)
        self.term_citations = TermCitationFormSet(
            data, prefix="term_citations", agreement=agreement, **rows
        )
        super().__init__(
            AgreementForm(data, instance=agreement, reshow=reshow, initial=initial),
            # Terms are versioned: each reports its own conflict rather than a summary row.
            [
                Section(self.terms, "Key terms", summarised=False),
                Section(self.links, "Links", summarised=False),
                Section(self.citations, "Sources"),
                Section(self.new_sources, "New sources"),
                Section(self.term_citations, "Sources for key terms"),
            ],
            reshow=reshow,
        )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        # A term removed in this save takes its sources with it: a source newly given to
        # it would be lost, so the editor is asked to choose.
        removed = {
            form.instance.pk
            for form in self.terms.forms
            if form.instance.pk
            and getattr(form, "cleaned_data", None)
            and self.terms.is_removed(form)
        }
        for row in self.term_citations.kept_forms():
            term = row.cleaned_data.get("term")
            if term is not None and term.pk in removed and row.has_changed():
                row.add_error("term", REMOVED_TERM_MESSAGE)
                valid = False
        return valid

    def changes(self) -> dict:
        terms, removed_terms = self.terms.changes()
        links, removed_links = self.links.changes()
        citations, removed_citations = self.citations.changes()
        term_citations, removed_term_citations = self.term_citations.changes()
        return {
            "agreement": self.form.instance,
            "terms": terms,
            "removed_terms": removed_terms,
            "links": links,
            "removed_links": removed_links,
            "citations": [*citations, *self.new_sources.citations()],
            "term_citations": term_citations,
            "removed_citations": [*removed_citations, *removed_term_citations],
        }
