"""A download made on a click outlives the clean-ups of other sessions' script runs (issue 21).

The load test (`benchmarks/load.py`) saw 2 of 20 downloads cancelled: Streamlit stores a file
built on a click unreferenced, and the second clean-up after any script run deletes it before
the browser fetches it. These tests drive Streamlit's own media file manager the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.runtime import media_file_manager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ikm_sim.ui import media


@pytest.fixture
def original_metadata() -> Iterator[None]:
    """Streamlit's own metadata class during the test (an app run in this process may have
    called `keep_downloads` already), and whatever was there after it."""
    saved = media_file_manager.MediaFileMetadata
    media_file_manager.MediaFileMetadata = media._GraceMetadata.__bases__[0]  # type: ignore[misc]
    yield
    media_file_manager.MediaFileMetadata = saved  # type: ignore[misc]


def _clicked_download() -> tuple[media_file_manager.MediaFileManager, str]:
    """A manager holding one download built on a click; its file id."""
    manager = media_file_manager.MediaFileManager(MemoryMediaFileStorage("/media"))
    placeholder = manager.add_deferred(lambda: b"year;fte\n2030;1\n", "text/csv", "1.2.3", "a.csv")
    url = manager.execute_deferred(placeholder)
    file_id = url.rsplit("/", 1)[1].split(".")[0]
    assert manager.read_file(file_id) is not None
    return manager, file_id


def test_without_the_grace_two_clean_ups_delete_a_clicked_download(
    original_metadata: None,
) -> None:
    manager, file_id = _clicked_download()
    manager.remove_orphaned_files()  # another session's script run ends
    manager.remove_orphaned_files()  # and another's, before the browser fetches the file
    assert manager.read_file(file_id) is None


def test_a_clicked_download_survives_clean_ups_until_it_is_old(
    original_metadata: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    media.keep_downloads()
    media.keep_downloads()  # a second call changes nothing
    manager, file_id = _clicked_download()
    for _ in range(5):
        manager.remove_orphaned_files()
    assert manager.read_file(file_id) is not None
    monkeypatch.setattr(media, "DOWNLOAD_GRACE_S", 0.0)
    manager.remove_orphaned_files()
    assert manager.read_file(file_id) is None
