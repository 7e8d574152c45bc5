"""The one URL fetcher every WeasyPrint render uses: a document fetches nothing outside the
project's own files.

WeasyPrint's default fetcher opens any address a template, a stylesheet or an uploaded SVG names
(http, https, ftp, any file on the server), so one `@font-face { src: url(http://…) }` inside an
emblem made every letter wait on a stranger's server, and `file:///dev/zero` read until memory ran
out. This fetcher (WeasyPrint's documented `url_fetcher` argument, a subclass of its `URLFetcher`)
answers only `data:` URLs up to a size and regular files, up to a size, under the directories it is
given (the fixed fonts, the static files); every other address is refused, and WeasyPrint then
draws the document without that resource.

Imported on use only: it imports WeasyPrint, which loads Pango and fontconfig.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

# The largest resource a document of the system embeds is the emblem (at most 1 MB, base64: 1.4 MB)
# or a Sarabun font file (about 90 KB).
MAX_DATA_URL_CHARS = 2 * 1024 * 1024
MAX_FILE_BYTES = 4 * 1024 * 1024


class RefusedURL(ValueError):
    """An address outside the project's own files."""


class ProjectFetcher(URLFetcher):
    def __init__(self, roots=()):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL_CHARS:
                raise RefusedURL("data: URL too long")
            return super().fetch(url, headers)
        if scheme == "file":
            self.project_file(url)
            return super().fetch(url, headers)
        raise RefusedURL(f"not a project file: {url[:80]}")

    def project_file(self, url) -> Path:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("file on another host")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL("file outside the project's static files")
        stat = path.stat()
        if not path.is_file() or stat.st_size > MAX_FILE_BYTES or not os.access(path, os.R_OK):
            raise RefusedURL("not a regular file of a document's size")
        return path
