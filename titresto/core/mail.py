"""The embedded run's mail: one .eml file per message in a folder, and one line on the console.

The whole message on the console (Django's console backend) buries the run's output under
MIME parts; the line says who, what, and which file to open (any mail client reads .eml).
"""

import re
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

LINK = re.compile(r"https?://\S+")


class ConsoleAndFolderBackend(BaseEmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = self.folder / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
            links = " ".join(dict.fromkeys(LINK.findall(str(message.body))))
            sys.stdout.write(
                f"[mail] to {', '.join(message.to)}: « {message.subject} » → {path}"
                + (f"\n[mail]   {links}" if links else "")
                + "\n"
            )
        sys.stdout.flush()
        return len(email_messages)
