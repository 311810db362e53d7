"""`chungbaek users add | list | disable | token | password | import-org-chart`."""

from __future__ import annotations

import json

import click

from cases import users
from core.cli_options import emit, gov_option, json_option
from core.settings import settings


@click.group("users")
def users_group() -> None:
    """Users, roles (official, supervisor, auditor, ministry, admin), passwords and API tokens."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(users.ROLES), required=True)
@click.option("--gov", "governments", multiple=True, help="Government code of the jurisdiction (repeatable).")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--email", default="")
@click.option("--employee-no", default=None)
@click.option("--password", is_flag=True, help="Prompt for a password (hidden, asked twice).")
@json_option()
def add(username: str, role: str, governments: tuple[str, ...], display_name: str, email: str,
        employee_no: str | None, password: bool, as_json: bool) -> None:
    """Create a user. Officials, supervisors and auditors need at least one --gov."""
    secret = click.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    user = users.add_user(username, role=role, governments=governments, display_name=display_name, email=email,
                          employee_no=employee_no, password=secret)
    emit(as_json, user.to_dict(), f"added {user.username} ({user.role}; {', '.join(user.governments) or 'all governments'})")


@users_group.command("list")
@click.option("--role", type=click.Choice(users.ROLES), default=None)
@click.option("--gov", default=None, help="Only users whose jurisdiction includes this government.")
@click.option("--json", "as_json", is_flag=True)
def list_cmd(role: str | None, gov: str | None, as_json: bool) -> None:
    """List users."""
    found = users.list_users(role=role, gov=gov)
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no users")
        return
    for u in found:
        state = "" if u.active else "  (disabled)"
        click.echo(f"{u.username:<20} {u.role:<10} {','.join(u.governments) or '*':<12} "
                   f"{u.employee_no or '-':<10} {u.email or '-':<30} {u.display_name}{state}")


@users_group.command("disable")
@click.argument("username")
@json_option()
def disable(username: str, as_json: bool) -> None:
    """Deactivate a user and revoke their API tokens."""
    users.disable_user(username)
    emit(as_json, {"username": username, "active": False}, f"disabled {username}; its tokens no longer work")


@users_group.command("password")
@click.argument("username")
@json_option()
def password(username: str, as_json: bool) -> None:
    """Set a user's password (prompted, hidden)."""
    users.set_password(username, click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))
    emit(as_json, {"username": username, "password_set": True}, f"password of {username} set")


@users_group.command("token")
@click.argument("username")
@click.option("--ttl", "ttl_seconds", type=int, default=None, help="Seconds until it expires (default never).")
@click.option("--revoke", is_flag=True, help="Revoke all of the user's tokens instead.")
@json_option()
def token(username: str, ttl_seconds: int | None, revoke: bool, as_json: bool) -> None:
    """Issue an API token (printed once; only its hash is stored), or --revoke them all."""
    if revoke:
        n = users.revoke_tokens(username)
        emit(as_json, {"username": username, "revoked": n}, f"revoked {n} token(s) of {username}")
        return
    issued = users.issue_token(username, ttl_seconds=ttl_seconds)
    emit(as_json, {"username": username, "token": issued, "ttl_seconds": ttl_seconds}, issued)


@users_group.command("import-org-chart")
@gov_option("Government code (default CHUNGBAEK_GOVERNMENT).")
@json_option()
def import_org_chart(gov: str | None, as_json: bool) -> None:
    """Make every current official of the HR org chart a user (unit heads become supervisors)."""
    code = gov or settings().default_government
    made = users.users_from_org_chart(code)
    heads = sum(1 for u in made if u.role == "supervisor")
    emit(as_json, {"gov": code, "users": len(made), "supervisors": heads},
         f"{len(made)} users from the org chart of {code} ({heads} supervisors)")


COMMANDS = [users_group]
