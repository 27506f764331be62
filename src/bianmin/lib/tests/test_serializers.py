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


def test_a_nested_serializer_and_a_method_field_belong_to_the_copy_that_uses_them(world):
    # given two serializers of one case with different contexts
    case = actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    first, second = CaseSerializer(case, context={"mark": 1}), CaseSerializer(case, context={"mark": 2})
    # then each one's nested list and its child, and its method fields, are bound to that serializer
    for serializer, mark in ((first, 1), (second, 2)):
        materials = serializer.fields["materials"]
        assert materials.parent is serializer and materials.child.parent is materials
        assert materials.child.context["mark"] == mark
        assert serializer.fields["warning_level"].parent is serializer
    assert first.fields["materials"].child is not second.fields["materials"].child


def test_a_request_body_reads_the_same_with_the_cheap_copies_as_with_drfs_deep_copies():
    from bianmin.cases.api.serializers import RegisterInput

    class Deep(RegisterInput):
        def get_fields(self):  # noqa: ANN202
            return serializers.Serializer.get_fields(self)

    good = {"item": "MZ001", "applicant": person(), "received_materials": ["居民身份证", 3]}
    bad = {"item": 7, "applicant": {"name": ""}, "received_materials": [True], "reson": "x"}
    for body in (good, bad, {"item": "MZ001", "applicant": person(name="x" * 101)}):
        cheap, deep = RegisterInput(data=body), Deep(data=body)
        assert cheap.is_valid() == deep.is_valid()
        assert cheap.errors == deep.errors
        if not cheap.errors:
            assert cheap.validated_data == deep.validated_data
    # and one serializer's validation leaves the next one's fields as they were
    assert not RegisterInput(data=bad).is_valid()
    assert RegisterInput(data=good).is_valid()
