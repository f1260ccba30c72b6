"""glossalign.core: what every stage shares: plain records, the user-facing errors, file helpers, the version."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("glossalign")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+src"
