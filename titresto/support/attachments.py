"""Attachments: the type is read from the bytes (magic numbers), never from the name; at most
5 files of 10 Mo; stored through Django's storage API under a random name."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from titresto.core.errors import DomainError

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
NAME_MAX = 120


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")
CSV = FileType("csv", "text/csv")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class AttachmentRefused(DomainError):
    code = "attachment_refused"
    field = "attachments"


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: its name as the manager's computer called it, and its bytes."""

    name: str
    content: bytes


def _is_xlsx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_csv(content: bytes) -> bool:
    """Text a spreadsheet can open: UTF-8 (with or without BOM) or Windows-1252, no control
    character but tab and line breaks, on at least one line."""
    if not content.strip() or b"\x00" in content:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(char.isprintable() or char in "\t\r\n" for char in text)
    return False


def detect_type(content: bytes) -> FileType | None:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return XLSX if _is_xlsx(content) else None
    return CSV if _is_csv(content) else None


def _clean_name(name: str, file_type: FileType) -> str:
    """The manager's name for the file, kept readable, with the extension of its real type."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(char for char in stem if char.isprintable() and char not in '"<>:|?*;')
    stem = stem.strip(" .")[: NAME_MAX - 6] or "fichier"
    return f"{stem}.{file_type.extension}"


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    file_type: FileType
    content: bytes
    sha256: str


def attachments_check(uploads: list[Upload]) -> list[CheckedFile]:
    """Every file checked before anything is stored: one refusal refuses the message."""
    if len(uploads) > MAX_FILES:
        raise AttachmentRefused(
            _("Joignez au plus %(max)d fichiers à un message (vous en avez choisi %(count)d).")
            % {"max": MAX_FILES, "count": len(uploads)}
        )
    checked = []
    for upload in uploads:
        if len(upload.content) > MAX_BYTES:
            raise AttachmentRefused(
                _("« %(name)s » dépasse 10 Mo : réduisez-le ou envoyez-le en plusieurs parties.")
                % {"name": upload.name[:NAME_MAX]}
            )
        if not upload.content:
            raise AttachmentRefused(_("« %(name)s » est vide.") % {"name": upload.name[:NAME_MAX]})
        file_type = detect_type(upload.content)
        if file_type is None:
            raise AttachmentRefused(
                _(
                    "« %(name)s » n'est pas un fichier PDF, PNG, JPEG, CSV ou XLSX (son contenu "
                    "est lu, pas son nom) : joignez l'un de ces formats."
                )
                % {"name": upload.name[:NAME_MAX]}
            )
        checked.append(
            CheckedFile(
                file_name=_clean_name(upload.name, file_type),
                file_type=file_type,
                content=upload.content,
                sha256=hashlib.sha256(upload.content).hexdigest(),
            )
        )
    return checked
