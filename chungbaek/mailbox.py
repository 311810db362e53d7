"""A local mailbox for the demo: a real SMTP server on loopback that files every message it receives
into a Maildir under the state directory, so notifications can be read without an outside mail server."""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from core.settings import Settings


@dataclass
class LocalMailbox:
    path: Path
    host: str
    port: int
    controller: Controller

    def stop(self) -> None:
        self.controller.stop()

    def count(self) -> int:
        return len(mailbox.Maildir(str(self.path), create=False))


def maildir_path(cfg: Settings) -> Path:
    return cfg.state_dir / "mailbox"


def start_local_mailbox(cfg: Settings) -> LocalMailbox:
    """Start the SMTP server on settings' smtp_host:smtp_port in a background thread."""
    path = maildir_path(cfg)
    path.parent.mkdir(parents=True, exist_ok=True)
    mailbox.Maildir(str(path), create=True)  # lays out tmp/new/cur; a bare folder would refuse delivery
    controller = Controller(Mailbox(str(path)), hostname=cfg.smtp_host, port=cfg.smtp_port)
    controller.start()
    return LocalMailbox(path, cfg.smtp_host, cfg.smtp_port, controller)


def summarise(path: Path, limit: int = 5) -> list[str]:
    """The newest subjects and recipients, for a console summary."""
    box = mailbox.Maildir(str(path), create=False)
    rows = [f"{m['Date'] or ''} to {m['To']}: {m['Subject']}" for m in box]
    return sorted(rows)[-limit:]
