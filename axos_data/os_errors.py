"""Why a file operation failed, in Norwegian: the operating system's own text
(`OSError.strerror`) is English ("No such file or directory")."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "finnes ikke",
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ikke tillatt",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EEXIST: "finnes allerede",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "lagringskvoten er brukt opp",
    errno.EROFS: "filsystemet kan bare leses",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EMFILE: "for mange åpne filer",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.EXDEV: "kan ikke flyttes til et annet filsystem",
    errno.EIO: "lese- eller skrivefeil på disken",
    errno.EBUSY: "er i bruk",
}


def reason(error: OSError) -> str:
    """A short Norwegian reason for `error`, falling back to the system's text."""
    return _REASONS.get(error.errno or -1) or error.strerror or str(error) or type(error).__name__
