from __future__ import annotations

import pytest
from django.urls import reverse

from dayone.server.core.models import ApiToken, User
from dayone.server.core.navigation import SECTIONS

pytestmark = pytest.mark.django_db


def test_every_page_needs_sign_in(client):
    for url in ["/", *[section.url for section in SECTIONS], "/people/", "/account/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_sign_in_lands_on_the_home_page_with_every_mechanism(client, member):
    response = client.post(
        reverse("login"), {"username": "max", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    home = client.get(response["Location"])
    html = home.content.decode()
    for label in [
        "Documents",
        "WBR",
        "Weblab",
        "Decisions",
        "Teams &amp; Goals",
        "Hiring",
        "Customers",
    ]:
        assert label in html


def test_wrong_password_is_explained_on_the_form(client, member):
    response = client.post(reverse("login"), {"username": "max", "password": "nope"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_each_section_has_a_page_that_says_what_it_is_for(member_client, section):
    response = member_client.get(section.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'aria-current="page">{section.label.replace("&", "&amp;")}' in html
    assert "<h1>" in html


def test_token_is_shown_once_and_only_its_digest_is_kept(member_client, member):
    response = member_client.post(reverse("core:account"), {"name": "checkout"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=member)
    start = html.index('id="new-token">') + len('id="new-token">')
    raw = html[start : html.index("<", start)]
    assert raw.startswith(token.prefix)
    assert raw not in member_client.get(reverse("core:account")).content.decode()


def test_token_form_shows_the_error_on_the_field(member_client):
    member_client.post(reverse("core:account"), {"name": "ci"})
    response = member_client.post(reverse("core:account"), {"name": "ci"})
    assert "already have an active token" in response.content.decode()
    assert "field-invalid" in response.content.decode()


def test_admin_adds_a_person_and_errors_name_the_field(admin_client):
    bad = admin_client.post(
        reverse("core:people"), {"username": "newbie", "role": "member", "password": "123"}
    )
    assert bad.status_code == 200
    assert "field-invalid" in bad.content.decode()
    assert not User.objects.filter(username="newbie").exists()
    good = admin_client.post(
        reverse("core:people"),
        {"username": "newbie", "role": "viewer", "password": "a long enough secret"},
    )
    assert good.status_code == 302
    assert User.objects.get(username="newbie").role == "viewer"


def test_members_cannot_add_people_even_by_posting_directly(member_client):
    response = member_client.post(
        reverse("core:people"),
        {"username": "sneaky", "role": "admin", "password": "a long enough secret"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="sneaky").exists()


def test_audit_page_is_for_admins(admin_client, client, member):
    assert admin_client.get(reverse("core:audit")).status_code == 200
    client.force_login(member)
    assert client.get(reverse("core:audit")).status_code == 403


def test_people_page_query_count_does_not_grow_with_people(
    admin_client, django_assert_max_num_queries
):
    from tests.server.factories import UserFactory

    UserFactory.create_batch(30)
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("core:people"))
    assert response.content.decode().count('class="role-form"') == 31


def test_pages_are_compressed_and_timed(admin_client):
    page = admin_client.get("/", headers={"accept-encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert page["Server-Timing"].startswith("app;dur=")


def test_a_viewer_is_told_once_what_their_role_allows(client, viewer, member):
    client.force_login(viewer)
    page = client.get("/").content.decode()
    assert page.count('class="role-note"') == 1
    assert "you can read everything here but change nothing" in page
    client.force_login(member)
    assert 'class="role-note"' not in client.get("/").content.decode()
