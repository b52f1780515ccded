"""Factory-made users log in with the known password, in the roles they were given."""

import pytest

from django.contrib.auth.models import Group

from editorial import roles
from editorial.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_logs_in_with_the_password_in_their_roles(client):
    user = UserFactory(groups=[roles.EDITORS, roles.MEDICAL_REVIEWERS])
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert set(user.groups.values_list("name", flat=True)) == {
        roles.EDITORS,
        roles.MEDICAL_REVIEWERS,
    }


def test_a_misspelt_role_fails_instead_of_giving_no_role():
    with pytest.raises(Group.DoesNotExist):
        UserFactory(groups=["Editor"])
