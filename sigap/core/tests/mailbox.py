"""A test-only email backend for worker subprocesses: every delivered message is one JSON line in the
file named by ``SIGAP_TEST_MAILBOX``. With ``SIGAP_TEST_MAIL_HANG`` set to ``before`` or ``after``,
it writes ``<mailbox>.hanging`` and hangs before or after delivering, so a test can kill the worker
at that point of a send."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class FileMailbox(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        mailbox = Path(os.environ["SIGAP_TEST_MAILBOX"])
        hang = os.environ.get("SIGAP_TEST_MAIL_HANG", "")
        for message in email_messages:
            if hang == "before":
                self._hang(mailbox)
            with mailbox.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"message_id": message.extra_headers.get("Message-ID"), "to": message.to}))
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            if hang == "after":
                self._hang(mailbox)
        return len(email_messages)

    @staticmethod
    def _hang(mailbox: Path) -> None:
        mailbox.with_name(mailbox.name + ".hanging").write_text(str(os.getpid()))
        time.sleep(600)
