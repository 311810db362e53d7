"""Settings from environment variables with safe defaults.

Everything the service needs to know about its surroundings comes from here, so that the same code runs
against the project's own Neo4j, a docker-compose deployment or a managed cluster.
"""

from __future__ import annotations

import os
import secrets
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_state_dir() -> Path:
    """`.state/` of the checkout when running from one (the two make commands), else the user's state
    directory: an installed package must never write beside its own code."""
    if (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "core").is_dir():
        return REPO_ROOT / ".state"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "chungbaek"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


ALPHABET = string.ascii_letters + string.digits


def _secret_file(path: Path, length: int = 32) -> str:
    """Read a generated secret, creating it with mode 0600 on first use.

    Letters and digits only: a secret starting with '-' reads as an option to neo4j-admin.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("".join(secrets.choice(ALPHABET) for _ in range(length)))
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    state_dir: Path
    neo4j_uri: str
    neo4j_user: str
    neo4j_password_env: str | None
    neo4j_bolt_port: int
    neo4j_http_port: int
    neo4j_heap: str
    neo4j_pagecache: str
    default_government: str
    batch_size: int
    external_neo4j: bool
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "chungbaek@localhost"
    auditor_email: str = "auditor@localhost"
    escalation_days: int = 30
    # CHUNGBAEK_GRAPHIQL: GraphiQL at /graphql and introspection for signed-in users; off unless `chungbaek demo`
    graphiql: bool = False
    api_timeout: float = 60.0  # CHUNGBAEK_API_TIMEOUT: seconds one API request may take before it is given up
    public_url: str = "http://127.0.0.1:8000"  # CHUNGBAEK_PUBLIC_URL: where people open the explorer (mail links)
    scenario_dir: Path | None = None  # CHUNGBAEK_SCENARIO_DIR: a catalog of scenario files to use instead
    inbox_env: Path | None = None  # CHUNGBAEK_INBOX: where pushed delta files land (default STATE_DIR/inbox)
    ingest_max_bytes: int = 64 * 1024 * 1024  # CHUNGBAEK_INGEST_MAX_BYTES: the largest file one push may carry
    default_government_set: bool = False  # CHUNGBAEK_GOVERNMENT given, not the built-in default
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def neo4j_home(self) -> Path:
        return self.state_dir / "neo4j"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def inbox(self) -> Path:
        """The root of the pushed delta feeds: `<inbox>/<gov>/<system>/<file>`, one watcher per government."""
        return self.inbox_env or self.state_dir / "inbox"

    @property
    def quarantine_dir(self) -> Path:
        return self.state_dir / "quarantine"

    @property
    def neo4j_password(self) -> str:
        if self.neo4j_password_env:
            return self.neo4j_password_env
        return _secret_file(self.state_dir / "secrets" / "neo4j-password")

    @property
    def hash_key(self) -> bytes:
        """Key of the keyed hash (HMAC-SHA256) of resident registration numbers. Never in git."""
        explicit = os.environ.get("CHUNGBAEK_HASH_KEY")
        if explicit:
            return explicit.encode()
        return _secret_file(self.state_dir / "secrets" / "rrn-hash-key").encode()

    @property
    def token_secret(self) -> bytes:
        explicit = os.environ.get("CHUNGBAEK_TOKEN_SECRET")
        if explicit:
            return explicit.encode()
        return _secret_file(self.state_dir / "secrets" / "token-secret").encode()


def load_settings() -> Settings:
    state_dir = Path(_env("CHUNGBAEK_STATE_DIR", str(default_state_dir()))).resolve()
    bolt_port = int(_env("CHUNGBAEK_NEO4J_BOLT_PORT", "7687"))
    http_port = int(_env("CHUNGBAEK_NEO4J_HTTP_PORT", "7474"))
    uri = os.environ.get("NEO4J_URI") or f"bolt://127.0.0.1:{bolt_port}"
    return Settings(
        state_dir=state_dir,
        neo4j_uri=uri,
        neo4j_user=_env("NEO4J_USER", "neo4j"),
        neo4j_password_env=os.environ.get("NEO4J_PASSWORD") or None,
        neo4j_bolt_port=bolt_port,
        neo4j_http_port=http_port,
        neo4j_heap=_env("CHUNGBAEK_NEO4J_HEAP", "4g"),
        neo4j_pagecache=_env("CHUNGBAEK_NEO4J_PAGECACHE", "4g"),
        default_government=_env("CHUNGBAEK_GOVERNMENT", "41110"),
        batch_size=int(_env("CHUNGBAEK_BATCH_SIZE", "10000")),
        external_neo4j=bool(os.environ.get("NEO4J_URI")),
        smtp_host=_env("CHUNGBAEK_SMTP_HOST", "127.0.0.1"),
        smtp_port=int(_env("CHUNGBAEK_SMTP_PORT", "8025")),
        mail_from=_env("CHUNGBAEK_MAIL_FROM", "chungbaek@localhost"),
        auditor_email=_env("CHUNGBAEK_AUDITOR_EMAIL", "auditor@localhost"),
        escalation_days=int(_env("CHUNGBAEK_ESCALATION_DAYS", "30")),
        public_url=_env("CHUNGBAEK_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        graphiql=_env("CHUNGBAEK_GRAPHIQL", "0") not in ("0", "false", "no", ""),
        api_timeout=float(_env("CHUNGBAEK_API_TIMEOUT", "60")),
        default_government_set=bool(os.environ.get("CHUNGBAEK_GOVERNMENT")),
        scenario_dir=Path(os.environ["CHUNGBAEK_SCENARIO_DIR"]) if os.environ.get("CHUNGBAEK_SCENARIO_DIR") else None,
        inbox_env=Path(os.environ["CHUNGBAEK_INBOX"]).resolve() if os.environ.get("CHUNGBAEK_INBOX") else None,
        ingest_max_bytes=int(_env("CHUNGBAEK_INGEST_MAX_BYTES", str(64 * 1024 * 1024))),
    )


@cache
def settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()
