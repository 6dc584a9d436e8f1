"""ssc_reports/storage.py: the local storage publishes a file only once it is whole and never
replaces one; `publish` stores a content-keyed name once; `walk` lists a storage folder."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage

from ssc_reports.storage import LocalStorage, publish, scratch_dir, walk


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(location=tmp_path / "media")


class WatchedContent(ContentFile):
    """Content that looks at the target name between its chunks."""

    def __init__(self, target, chunks):
        super().__init__(b"".join(chunks), name="x.pdf")
        self.target, self.parts, self.seen = target, chunks, []

    def chunks(self, chunk_size=None):
        for part in self.parts:
            self.seen.append(self.target.exists())
            yield part


def test_a_file_appears_only_once_complete(storage, tmp_path):
    target = tmp_path / "media" / "cache" / "parts" / "k.pdf"
    content = WatchedContent(target, [b"%PDF-", b"half", b"whole"])

    assert storage.save("cache/parts/k.pdf", content) == "cache/parts/k.pdf"

    assert content.seen == [False, False, False]  # nothing under the name while writing
    assert target.read_bytes() == b"%PDF-halfwhole"
    assert os.listdir(target.parent) == ["k.pdf"]  # no temporary file left
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_a_taken_name_is_never_overwritten(storage):
    first = storage.save("photos/a.jpg", ContentFile(b"first"))
    second = storage.save("photos/a.jpg", ContentFile(b"second"))

    assert first == "photos/a.jpg" and second != first and second.startswith("photos/a_")
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_a_failed_write_leaves_nothing(storage, tmp_path):
    class Broken(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"%PDF-"
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        storage.save("cache/parts/k.pdf", Broken(b"", name="k.pdf"))

    assert os.listdir(tmp_path / "media" / "cache" / "parts") == []


def test_publish_stores_a_content_keyed_name_once(storage):
    assert publish("cache/parts/k.pdf", ContentFile(b"one"), storage=storage) == "cache/parts/k.pdf"
    assert publish("cache/parts/k.pdf", ContentFile(b"two"), storage=storage) == "cache/parts/k.pdf"

    assert storage.open("cache/parts/k.pdf").read() == b"one"
    assert storage.listdir("cache/parts") == ([], ["k.pdf"])


def test_publish_drops_the_copy_of_a_writer_that_came_second(storage):
    class Racing(LocalStorage):
        """Another writer stores the same key between our look and our save."""

        first_look = True

        def exists(self, name):
            found = super().exists(name)
            if self.first_look:
                self.first_look = False
                LocalStorage(location=self.location).save(name, ContentFile(b"theirs"))
            return found

    racing = Racing(location=storage.location)

    assert publish("cache/parts/k.pdf", ContentFile(b"ours"), storage=racing) == "cache/parts/k.pdf"

    assert storage.listdir("cache/parts") == ([], ["k.pdf"])
    assert storage.open("cache/parts/k.pdf").read() == b"theirs"


@pytest.mark.parametrize("storage_class", [LocalStorage, InMemoryStorage])
def test_walk_lists_every_file_under_a_folder(storage_class, tmp_path):
    storage = storage_class(location=str(tmp_path / "media"))
    for name in ("photos/a.jpg", "photos/2024/b.jpg", "photos/2024/old/c.jpg", "logos/d.png"):
        storage.save(name, ContentFile(b"x"))

    assert list(walk("photos", storage=storage)) == [
        "photos/a.jpg",
        "photos/2024/b.jpg",
        "photos/2024/old/c.jpg",
    ]
    assert list(walk("officers", storage=storage)) == []


def test_scratch_dir_is_under_the_setting(settings, tmp_path):
    settings.SSC_SCRATCH_DIR = tmp_path / "scratch"

    assert scratch_dir("renders") == tmp_path / "scratch" / "renders"
    assert (tmp_path / "scratch" / "renders").is_dir()
