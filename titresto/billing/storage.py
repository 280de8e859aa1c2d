"""Where documents' bytes live: the `documents` storage (settings.STORAGES), a folder under
var/ embedded or an S3-compatible bucket. Read back only through here, checked against the
SHA-256 stored with the row, so a file changed behind our back is never served."""

from django.core.files.storage import Storage, storages


class DocumentAltered(RuntimeError):
    """Not the user's doing: a server error, logged as such, and nothing served."""


def documents_storage() -> Storage:
    return storages["documents"]


def stored_bytes(name: str, *, sha256: str) -> bytes:
    from hashlib import sha256 as digest

    with documents_storage().open(name, "rb") as stored:
        data = stored.read()
    if digest(data).hexdigest() != sha256:
        raise DocumentAltered(f"{name}: its bytes no longer match their SHA-256")
    return data
