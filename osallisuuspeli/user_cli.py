"""`osallisuuspeli user ...`: the coordinators' accounts of the web service
(`serve`), kept in the register. Passwords are asked twice, never given on
the command line (where the shell's history would keep them)."""

from __future__ import annotations

import click

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _
from osallisuuspeli.register_cli import _open, database_option


@click.group(name="user", context_settings={"help_option_names": ["-h", "--help"]})
def user() -> None:
    """The coordinators who sign in to the web service (osallisuuspeli serve).

    \b
    Example:
      osallisuuspeli user add maija
      osallisuuspeli user reset maija
    """


def _password() -> str:
    from osallisuuspeli.register.service import checked_password

    value = click.prompt(_("Password"), hide_input=True, confirmation_prompt=_("Repeat the password"), err=True)
    return checked_password(value)


@user.command()
@click.argument("name")
@database_option
def add(name: str, database: str | None) -> None:
    """Make an account NAME; its password is asked twice."""
    from osallisuuspeli.register.service import add_account, checked_name

    name = checked_name(name)
    reg = _open(database)
    add_account(reg, name, _password())
    click.echo(
        _("Account %(name)s made in the register %(where)s; it signs in at the web service's /sign-in.")
        % {"name": name, "where": reg.where}
    )


@user.command()
@click.argument("name")
@database_option
def reset(name: str, database: str | None) -> None:
    """Give account NAME a new password (asked twice); its sessions end."""
    from osallisuuspeli.register.service import account, reset_account

    reg = _open(database)
    if account(reg, name) is None:
        raise UserError(
            _("no account %(name)s in the register %(where)s (user list shows them; user add %(name)s makes it)")
            % {"name": name, "where": reg.where}
        )
    reset_account(reg, name, _password())
    click.echo(_("Account %(name)s: new password set; whoever was signed in as %(name)s must sign in again.") % {"name": name})


@user.command(name="list")
@database_option
def list_(database: str | None) -> None:
    """Show the accounts and when each was made."""
    from osallisuuspeli.register.service import account_list

    reg = _open(database)
    found = account_list(reg)
    if not found:
        click.echo(_("The register %(where)s has no accounts yet (user add NAME makes one).") % {"where": reg.where})
        return
    for a in found:
        click.echo(f"{a.name}  {a.created}")


@user.command()
@click.argument("name")
@database_option
def delete(name: str, database: str | None) -> None:
    """Delete account NAME; whoever is signed in as it is signed out."""
    from osallisuuspeli.register.service import delete_account

    reg = _open(database)
    delete_account(reg, name)
    click.echo(_("Account %(name)s deleted from the register %(where)s.") % {"name": name, "where": reg.where})
