"""Where a report or a snapshot is: a local path, or an object on S3 (s3a://bucket/key, s3://bucket/key).

The notebooks open everything through this, so the same cells read a report on a local disk and
one that `cutover verify --out s3a://...` wrote. S3 goes through pyarrow's S3 filesystem; its
keys come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or any other source of
the AWS default chain), and an S3-compatible endpoint from CUTOVER_S3_ENDPOINT or AWS_ENDPOINT_URL
(e.g. http://127.0.0.1:9000; path-style requests). Nothing here takes a key as an argument.
"""
import os
from pathlib import Path
from urllib.parse import urlparse

from pyarrow import fs as pafs

S3_SCHEMES = ("s3a", "s3")


def s3_filesystem():
    """pyarrow's S3 filesystem with the endpoint and region of the environment."""
    options = {"region": os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"}
    endpoint = os.environ.get("CUTOVER_S3_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        e = urlparse(endpoint if "://" in endpoint else "https://" + endpoint)
        options.update(endpoint_override=e.netloc, scheme=e.scheme)
    return pafs.S3FileSystem(**options)


class Location:
    """A file or directory on a local disk or on S3, with the few operations the notebooks need."""

    def __init__(self, filesystem, path, shown):
        self.fs, self.path, self.shown = filesystem, path, shown

    def __truediv__(self, name):
        return Location(self.fs, f"{self.path.rstrip('/')}/{name}", f"{self.shown.rstrip('/')}/{name}")

    def __str__(self):
        return self.shown

    __repr__ = __str__

    @property
    def name(self):
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    @property
    def parent(self):
        cut = self.path.rstrip("/").rsplit("/", 1)[0]
        shown = self.shown.rstrip("/").rsplit("/", 1)[0]
        return Location(self.fs, cut or "/", shown or "/")

    def _info(self):
        return self.fs.get_file_info(self.path)

    def is_file(self):
        return self._info().type == pafs.FileType.File

    def is_dir(self):
        return self._info().type == pafs.FileType.Directory

    def size(self):
        return self._info().size

    def modified(self):
        """When it was last written, in nanoseconds since the epoch (0 when the store does not say)."""
        return self._info().mtime_ns or 0

    def iterdir(self):
        """What is directly inside this directory, by name."""
        infos = self.fs.get_file_info(pafs.FileSelector(self.path, allow_not_found=True))
        return sorted((self / info.base_name for info in infos), key=lambda l: l.name)

    def open(self):
        """A seekable binary file (pyarrow's), for reading and for pyarrow.parquet.ParquetFile."""
        return self.fs.open_input_file(self.path)

    def read_bytes(self):
        with self.open() as f:
            return f.read()

    def read_text(self, encoding="utf-8"):
        return self.read_bytes().decode(encoding)


def location(text):
    """A local path as given (~ expanded), or s3a://bucket/key, s3://bucket/key."""
    text = str(text)
    parsed = urlparse(text)
    if parsed.scheme in S3_SCHEMES:
        return Location(s3_filesystem(), f"{parsed.netloc}{parsed.path}".rstrip("/"), text.rstrip("/"))
    if parsed.scheme == "file":
        text = parsed.path
    path = Path(text).expanduser().resolve()
    return Location(pafs.LocalFileSystem(), str(path), str(path))
