"""Fields built once per serializer class are still each instance's own (DRF binds them to their parent)."""

from __future__ import annotations

from rest_framework import serializers

from bianmin.cases import actions
from bianmin.cases.api.serializers import CaseSerializer
from bianmin.cases.models import Case
from bianmin.conftest import person
from bianmin.lib.serializers import BuiltFieldsOnce


def test_each_serializer_gets_its_own_copy_of_the_fields_built_once():
    built = []

    class Plain(serializers.ModelSerializer):
        class Meta:
            model = Case
            fields = ["number", "state"]

        def get_fields(self):  # noqa: ANN202
            built.append(1)
            return super().get_fields()

    class Once(BuiltFieldsOnce, Plain):
        pass

    first, second = Once(), Once()
    assert first.fields["number"] is not second.fields["number"]
    assert first.fields["number"].parent is first and second.fields["number"].parent is second
    assert len(built) == 1


def test_a_case_serializes_the_same_with_the_fields_built_once(world):
    case = actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case

    class Fresh(CaseSerializer):
        def get_fields(self):  # noqa: ANN202
            return super(BuiltFieldsOnce, self).get_fields()

    case = Case.objects.get(pk=case.pk)
    assert CaseSerializer(case).data == Fresh(case).data
    assert CaseSerializer(case).data == CaseSerializer(case).data
