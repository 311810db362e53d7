"""Install, start, stop and inspect the project's own Neo4j 5.26 Community server.

The server is assembled from Maven Central: `chungbaek/neo4j-pom.xml` names `org.neo4j:neo4j` and the launcher
`org.neo4j:neo4j-bootcheck`; Maven copies the jars into `<state>/neo4j/lib` and the launcher
(`org.neo4j.server.startup.Neo4jBoot`, the same class the tarball's `bin/neo4j` runs) starts the server in
the background with the pid file in `<state>/neo4j/run`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from core.errors import ChungBaekError, EnvironmentProblem
from core.settings import Settings

POM = Path(__file__).resolve().parent / "neo4j-pom.xml"  # package data: the installed app needs no checkout
BOOT_CLASS = "org.neo4j.server.startup.Neo4jBoot"
ADMIN_CLASS = "org.neo4j.server.startup.Neo4jAdminBoot"
JAVA17_CANDIDATES = ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64")


class Neo4jServerError(ChungBaekError):
    """The local Neo4j server could not be installed, started or stopped."""


@dataclass
class ServerStatus:
    running: bool
    installed: bool
    version: str | None
    pid: int | None
    uri: str
    home: str
    store_bytes: int
    nodes: int | None
    relationships: int | None
    external: bool

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def java_home() -> str:
    """JAVA_HOME of a Java 17 runtime: Neo4j 5.26 runs on 17 or 21, not on 25."""
    explicit = os.environ.get("CHUNGBAEK_JAVA_HOME")
    candidates = [explicit] if explicit else []
    candidates += list(JAVA17_CANDIDATES)
    env_home = os.environ.get("JAVA_HOME")
    if env_home:
        candidates.append(env_home)
    for home in candidates:
        if home and Path(home, "bin", "java").exists():
            return home
    java = shutil.which("java")
    if java:
        return str(Path(os.path.realpath(java)).parent.parent)
    raise EnvironmentProblem(
        "No Java runtime found; Neo4j 5.26 needs Java 17.",
        hint="install it with: apt-get install -y openjdk-17-jre-headless (or set CHUNGBAEK_JAVA_HOME)",
    )


def _version_from_lib(lib: Path) -> str | None:
    for jar in lib.glob("neo4j-bootcheck-*.jar"):
        return jar.stem.removeprefix("neo4j-bootcheck-")
    return None


def is_installed(cfg: Settings) -> bool:
    lib = cfg.neo4j_home / "lib"
    return lib.is_dir() and any(lib.glob("neo4j-bootcheck-*.jar")) and (cfg.neo4j_home / "conf").is_dir()


def _write_conf(cfg: Settings) -> None:
    conf_dir = cfg.neo4j_home / "conf"
    conf_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by `chungbaek neo4j install`; rerun it after changing CHUNGBAEK_NEO4J_* settings.",
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{cfg.neo4j_bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{cfg.neo4j_bolt_port}",
        f"server.http.listen_address=127.0.0.1:{cfg.neo4j_http_port}",
        f"server.http.advertised_address=127.0.0.1:{cfg.neo4j_http_port}",
        "server.https.enabled=false",
        f"server.memory.heap.initial_size={cfg.neo4j_heap}",
        f"server.memory.heap.max_size={cfg.neo4j_heap}",
        f"server.memory.pagecache.size={cfg.neo4j_pagecache}",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        "db.transaction.timeout=300s",
        # One server, so a bookmark not reached at once names a database since replaced (core.connection);
        # 1 s is the least the server takes
        "db.transaction.bookmark_ready_timeout=1s",
        "server.directories.import=import",
        "server.logs.config=conf/server-logs.xml" if (conf_dir / "server-logs.xml").exists() else "",
    ]
    (conf_dir / "neo4j.conf").write_text("\n".join(line for line in lines if line) + "\n")


def _run_maven(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


def install(cfg: Settings, *, force: bool = False, log=print) -> str:
    """Resolve the server's jars with Maven and lay out a Neo4j home. Safe to run again."""
    home = cfg.neo4j_home
    if is_installed(cfg) and not force:
        _write_conf(cfg)
        _ensure_password(cfg)
        return f"Neo4j {_version_from_lib(home / 'lib')} already installed in {home}"
    mvn = shutil.which("mvn")
    if not mvn:
        raise EnvironmentProblem(
            "Maven is not installed; it is needed once to fetch Neo4j from Maven Central.",
            hint="install it with: apt-get install -y maven",
        )
    java_home()
    lib = home / "lib"
    if lib.exists():
        shutil.rmtree(lib)
    lib.mkdir(parents=True)
    base = [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
            f"-DoutputDirectory={lib}", "-DincludeScope=runtime"]
    log("Resolving Neo4j Community from Maven Central (first run downloads about 150 MB)...")
    result = _run_maven(base)
    browser = True
    if result.returncode != 0:
        browser = False
        result = _run_maven([*base, "-P", "!browser"])
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise EnvironmentProblem(
            "Maven could not resolve Neo4j from Maven Central:\n" + tail,
            hint="check that Maven Central is reachable (mvn -v; ~/.m2/settings.xml proxies) and rerun",
        )
    for sub in ("data", "logs", "run", "plugins", "import", "conf"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    _write_conf(cfg)
    _ensure_password(cfg)
    version = _version_from_lib(lib)
    note = "" if browser else " (Neo4j Browser could not be resolved; the HTTP API works without it)"
    return f"Neo4j {version} installed in {home}{note}"


def _java_env(cfg: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["JAVA_HOME"] = java_home()
    env["NEO4J_HOME"] = str(cfg.neo4j_home)
    env["NEO4J_CONF"] = str(cfg.neo4j_home / "conf")
    env["PATH"] = f"{env['JAVA_HOME']}/bin:{env.get('PATH', '')}"
    return env


def _java(cfg: Settings, main_class: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    java = str(Path(java_home(), "bin", "java"))
    cmd = [java, "-cp", str(cfg.neo4j_home / "lib" / "*"), main_class, *args]
    return subprocess.run(cmd, env=_java_env(cfg), capture_output=True, text=True, timeout=timeout,
                          cwd=cfg.neo4j_home, check=False)


def _ensure_password(cfg: Settings) -> None:
    """Set the generated password before the first start (Neo4j only accepts it on an empty store)."""
    marker = cfg.neo4j_home / "data" / ".chungbaek-password-set"
    if marker.exists():
        return
    result = _java(cfg, ADMIN_CLASS, "dbms", "set-initial-password", cfg.neo4j_password)
    if result.returncode != 0:
        raise Neo4jServerError("Could not set the initial Neo4j password:\n" + (result.stderr or result.stdout)[-2000:])
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("ok\n")


def pid(cfg: Settings) -> int | None:
    pid_file = cfg.neo4j_home / "run" / "neo4j.pid"
    try:
        value = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(value, 0)
    except OSError:
        return None
    return value


def bolt_answers(cfg: Settings, timeout: float = 5.0) -> bool:
    from core.connection import verify_connectivity

    return verify_connectivity(cfg, timeout=timeout)


def log_tail(cfg: Settings, lines: int = 30) -> str:
    for name in ("neo4j.log", "debug.log"):
        path = cfg.neo4j_home / "logs" / name
        if path.exists():
            return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return "(no Neo4j log written yet)"


def start(cfg: Settings, *, timeout: float = 180.0, log=print) -> str:
    if cfg.external_neo4j:
        return f"NEO4J_URI is set ({cfg.neo4j_uri}); not starting a local server."
    if not is_installed(cfg):
        log(install(cfg, log=log))
    else:
        _write_conf(cfg)
        _ensure_password(cfg)
    if pid(cfg) is not None:
        if _wait_for_bolt(cfg, timeout):
            return f"Neo4j is already running (pid {pid(cfg)}) at {cfg.neo4j_uri}"
    result = _java(cfg, BOOT_CLASS, "start")
    if result.returncode != 0 and "already running" not in (result.stdout + result.stderr):
        raise Neo4jServerError(
            "Neo4j did not start:\n" + (result.stdout + result.stderr).strip()[-2000:] + "\n" + log_tail(cfg),
            hint=f"see {cfg.neo4j_home / 'logs'}",
        )
    if not _wait_for_bolt(cfg, timeout):
        raise Neo4jServerError(
            f"Neo4j did not answer on {cfg.neo4j_uri} within {timeout:.0f} s. Last lines of its log:\n"
            + log_tail(cfg),
            hint=f"see {cfg.neo4j_home / 'logs'}; is port {cfg.neo4j_bolt_port} taken by another program?",
        )
    return f"Neo4j started (pid {pid(cfg)}) at {cfg.neo4j_uri}"


def _wait_for_bolt(cfg: Settings, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bolt_answers(cfg, timeout=5):
            return True
        if pid(cfg) is None and time.monotonic() > deadline - timeout + 15:
            return False
        time.sleep(0.5)
    return False


def stop(cfg: Settings) -> str:
    if cfg.external_neo4j:
        return f"NEO4J_URI is set ({cfg.neo4j_uri}); not stopping an external server."
    if pid(cfg) is None:
        return "Neo4j is not running."
    result = _java(cfg, BOOT_CLASS, "stop", timeout=180)
    if pid(cfg) is not None:
        raise Neo4jServerError("Neo4j did not stop:\n" + (result.stdout + result.stderr)[-2000:])
    return "Neo4j stopped."


def _dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def status(cfg: Settings) -> ServerStatus:
    from core.connection import counts

    running_pid = None if cfg.external_neo4j else pid(cfg)
    answering = bolt_answers(cfg, timeout=3) if (cfg.external_neo4j or running_pid) else False
    nodes = rels = None
    version = _version_from_lib(cfg.neo4j_home / "lib") if is_installed(cfg) else None
    if answering:
        nodes, rels, server_version = counts(cfg)
        version = server_version or version
    return ServerStatus(
        running=answering,
        installed=cfg.external_neo4j or is_installed(cfg),
        version=version,
        pid=running_pid,
        uri=cfg.neo4j_uri,
        home=str(cfg.neo4j_home),
        store_bytes=_dir_size(cfg.neo4j_home / "data") if not cfg.external_neo4j else 0,
        nodes=nodes,
        relationships=rels,
        external=cfg.external_neo4j,
    )
