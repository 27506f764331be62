"""Forms of the public pages. They only collect input: the rules (ID checksum, file types, sizes) are
the actions', so the page, the API and the counter refuse the same things with the same words. The
application form asks those rules before registering (``actions.applicant_problems``) so that a citizen
sees every problem at once, each beside its field, instead of one per submit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.cases import actions
from bianmin.cases.models import ApplicantKind, PendingUpload
from bianmin.catalog.models import Material
from bianmin.lib.forms import resubmit_token_field
from bianmin.lib.text import clean_form_fields, clean_person_name, number_text

# What the browser offers in its file picker; the server decides by content, not by this list.
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def material_field_name(material: Material) -> str:
    return f"material_{material.pk}"


class ApplicationForm(forms.Form):
    """网上申请: the applicant (a person or an organization) and one file per required material."""

    token = resubmit_token_field()

    kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("申请人姓名或单位名称"), max_length=100)
    id_number = forms.CharField(
        label=_("居民身份证号码"),
        max_length=18,
        required=False,
        help_text=_("自然人填写，18 位"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("单位填写，18 位"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    address = forms.CharField(
        label=_("联系地址"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(
        self,
        *args: Any,
        materials: Iterable[Material] = (),
        held: dict[int, PendingUpload] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        # Files already uploaded with an earlier submit of this form (``actions.hold_upload``), by material.
        self.held = dict(held or {})
        for m in self.materials:
            # Not required in the form: a missing mandatory material is answered by the clerk with a
            # one-time notice (一次性告知), not by refusing the whole application.
            self.fields[material_field_name(m)] = forms.FileField(
                label=m.name,
                required=False,
                help_text=m.note,
                widget=forms.FileInput(attrs={"accept": ACCEPT}),
            )

    def clean(self) -> dict[str, Any]:
        # What was typed, as the actions take it (full-width digits folded, invisible characters dropped);
        # a superscript digit or a line break in a name is refused here, next to its field.
        clean_form_fields(
            self,
            {
                "name": clean_person_name,
                "id_number": number_text,
                "credit_code": number_text,
                "phone": number_text,
            },
        )
        # Everything registering would refuse, next to its field, in the same answer as the form's own
        # errors (a field already marked keeps its first message).
        for field, err in actions.applicant_problems(self.applicant()).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, forms.ValidationError(str(err.message), code=err.code))
        return self.cleaned_data

    def material_fields(self) -> list[tuple[Material, forms.BoundField, PendingUpload | None]]:
        return [(m, self[material_field_name(m)], self.held.get(m.pk)) for m in self.materials]

    def chosen_files(self) -> list[tuple[Material, Any]]:
        """The files chosen in this submit that the form took (present, not empty), by material."""
        cleaned = getattr(self, "cleaned_data", {})
        return [(m, cleaned[name]) for m in self.materials if cleaned.get(name := material_field_name(m))]

    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "id_number", "credit_code", "phone", "address")]

    def applicant(self) -> dict[str, str]:
        data = self.cleaned_data
        kind = data.get("kind", ApplicantKind.PERSON)
        applicant = {
            "kind": kind,
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
            "address": data.get("address", ""),
        }
        if kind == ApplicantKind.ORGANIZATION:
            applicant["credit_code"] = data.get("credit_code", "").strip().upper()
        else:
            applicant["id_number"] = data.get("id_number", "").strip().upper()
        return applicant
