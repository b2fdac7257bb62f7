"""Pages that exist to change something refuse a viewer before drawing a form: the viewer reads
what their role allows instead of typing into a form they cannot send."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dayone.server.core.access import READ_ONLY_MESSAGE

WRITE_PAGES = [
    ("goals:create", ()),
    ("goals:edit", (1,)),
    ("documents:create", ()),
    ("documents:edit", (1,)),
    ("decisions:create", ()),
    ("decisions:edit", (1,)),
    ("teams:team_create", ()),
    ("teams:team_edit", ("pricing",)),
    ("wbr:metric_create", ()),
    ("wbr:metric_edit", ("orders",)),
    ("wbr:source_create", ()),
    ("weblab:create", ()),
    ("weblab:edit", (1,)),
    ("hiring:role_create", ()),
    ("hiring:loop_plan", (1,)),
    ("customers:idea_new", ()),
]


@pytest.mark.parametrize(("name", "args"), WRITE_PAGES)
def test_a_viewer_is_told_what_their_role_allows_instead_of_a_form(client, viewer, name, args):
    client.force_login(viewer)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 403
    page = response.content.decode()
    assert READ_ONLY_MESSAGE in page
    assert 'method="post" action="/logout/"' in page
    assert page.count('method="post"') == 1, "the only form is signing out"


@pytest.mark.parametrize("name", ["goals:create", "documents:create", "weblab:create"])
def test_a_member_still_gets_the_form(member_client, catalogue, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count('method="post"') >= 2
