from django.core.files.base import ContentFile

from tests import factories


def _logo_group():
    group = factories.make_group(acronym="LOGO")
    group.logo.save("logo.png", ContentFile(factories.png_bytes()), save=True)
    return group


def test_media_photo_served_to_officer_and_staff_only(client, report, officer, other_officer):
    photo = factories.make_photo(report=report)
    url = photo.image.url
    staff = factories.make_user(staff=True)

    assert client.get(url).status_code == 302  # anonymous: to log-in
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_media_logo_and_officer_photo_scoped_to_group(client, db):
    group = _logo_group()
    officer_row = factories.make_officer(group=group)
    officer_row.photo.save("face.png", ContentFile(factories.png_bytes()), save=True)
    member = factories.make_member(group=group)
    outsider = factories.make_member(group=factories.make_group())

    client.force_login(outsider)
    assert client.get(group.logo.url).status_code == 404
    assert client.get(officer_row.photo.url).status_code == 404
    client.force_login(member)
    assert client.get(group.logo.url).status_code == 200
    assert client.get(officer_row.photo.url).status_code == 200


def test_media_refuses_traversal_and_unknown_files(client, settings, staff_user, tmp_path):
    client.force_login(staff_user)
    (settings.MEDIA_ROOT / "cache").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "cache" / "part.pdf").write_bytes(b"%PDF-1.7")
    assert client.get("/media/cache/part.pdf").status_code == 404
    assert client.get("/media/../pyproject.toml").status_code == 404
    assert client.get("/media/photos/missing.png").status_code == 404


def test_media_of_a_row_whose_file_is_gone_answers_404(client, report, officer):
    from django.core.files.storage import default_storage

    photo = factories.make_photo(report=report)
    default_storage.delete(photo.image.name)
    client.force_login(officer)

    assert client.get(photo.image.url).status_code == 404


def test_media_is_streamed_from_the_configured_storage(client, report, officer, settings):
    """Not from MEDIA_ROOT: with another default storage, the file comes from that storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    photo = factories.make_photo(report=report)
    assert not settings.MEDIA_ROOT.exists()
    client.force_login(officer)

    response = client.get(photo.image.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "image/png",
        "nosniff",
    )
    assert (
        response["Content-Security-Policy"] == "sandbox; default-src 'none'; frame-ancestors 'none'"
    )
