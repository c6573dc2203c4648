"""web.forms.field_of: a form's field as the kind of field it is, checked."""

import pytest
from django import forms

from web.forms import field_of


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A")])
    note = forms.CharField()


def test_field_of_gives_the_field_of_that_kind():
    # Given a form with a choice field
    form = _Form()
    # When it is asked for as a choice field
    field = field_of(form, "kind", forms.ChoiceField)
    # Then it is the form's own field, whose choices can be set
    field.choices = [("b", "B")]
    assert form.fields["kind"].choices == [("b", "B")]


def test_field_of_refuses_a_field_of_another_kind_by_name():
    # Given a form whose "note" is a text field
    form = _Form()
    # When it is asked for as a choice field, then the error names the form, the field and both kinds
    with pytest.raises(TypeError, match=r"_Form\.note is a CharField, not a ChoiceField"):
        field_of(form, "note", forms.ChoiceField)
