"""Users with web sign-in passwords on the linked dev world, as ``caselink users add --password-stdin`` makes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from api.services.auth import User, UserRegistry, users_path
from api.web.sessions import WebSessions
from models.access import UserRole
from models.settings import Settings


@dataclass(frozen=True)
class WebUser:
    name: str
    password: str
    role: UserRole
    agency: str | None
    caveats: tuple[str, ...] = ()


#: An OPP analyst cleared for the trafficking records' caveats, and a TPS analyst with no caveats:
#: TPS sees TPS and PRP records only (models.access.SHARING_AGREEMENTS), never OPP's.
OPP_ANALYST = WebUser("ana.opp", "correct horse battery staple", UserRole.ANALYST, "OPP", ("VICTIM_MINOR", "YOUTH"))
TPS_ANALYST = WebUser("tom.tps", "another long passphrase 42", UserRole.ANALYST, "TPS")


def add_web_users(settings: Settings, *users: WebUser) -> None:
    registry = UserRegistry(users_path(settings))
    sessions = WebSessions(users_path(settings), settings)
    try:
        for u in users:
            registry.add(User(name=u.name, role=u.role, agency=u.agency, caveats=u.caveats))
            sessions.set_password(u.name, u.password)
    finally:
        registry.close()
        sessions.close()


def store_copy(linked_dev: Path, tmp: Path) -> Path:
    """A private copy of the linked dev store (users, sessions and investigations written here stay here)."""
    import shutil

    target = tmp / "store"
    shutil.copytree(linked_dev, target)
    return target
