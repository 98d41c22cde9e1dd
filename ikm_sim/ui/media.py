"""Downloads made on a click are kept until the browser has fetched them.

Every download button of the app builds its file only when clicked (`st.download_button` with a
function as ``data``). Streamlit then stores the file under a new address that no session
references and returns the address to the browser, which fetches it. Meanwhile any session's
script run ends with a clean-up of unreferenced files: the first marks a download for deletion,
the second deletes it. With many visitors rerunning at once, two clean-ups can pass before the
browser's request arrives, and the browser reports the download as cancelled (issue 21's load
test: 2 of 20 sessions). `keep_downloads` makes a downloadable file count as marked only once it
is `DOWNLOAD_GRACE_S` old, so the clean-up after that deletes it; files still shown by a session
are kept as before.
"""

from __future__ import annotations

import time

from streamlit.runtime import media_file_manager

#: Seconds a downloadable file outlives the last session referencing it, at least.
DOWNLOAD_GRACE_S = 60.0


class _GraceMetadata(media_file_manager.MediaFileMetadata):
    """Streamlit's file metadata, marked for deletion only once the file is old enough."""

    def __init__(
        self, kind: media_file_manager.MediaFileKind = media_file_manager.MediaFileKind.MEDIA
    ) -> None:
        super().__init__(kind)
        self._created = time.monotonic()

    @property
    def is_marked_for_delete(self) -> bool:
        """True once marked by a clean-up and at least `DOWNLOAD_GRACE_S` old."""
        old = time.monotonic() - self._created >= DOWNLOAD_GRACE_S
        return bool(self._is_marked_for_delete) and old


def keep_downloads() -> None:
    """Make Streamlit's media file manager keep a new download `DOWNLOAD_GRACE_S` at least.

    The manager makes its files' metadata by the class name in its module, so this replaces
    that class there; calling it again changes nothing.
    """
    media_file_manager.MediaFileMetadata = _GraceMetadata  # type: ignore[misc]
