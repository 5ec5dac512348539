"""Request and response models of the sign-in routes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SignInIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)


class SessionOut(BaseModel):
    """Who is signed in, and the CSRF token the page sends with every state-changing request
    (None for a bearer token, which needs none)."""

    name: str
    role: str
    agency: str | None
    caveats: list[str]
    csrf: str | None
    #: What the role may do (models.access.Capability): the page shows the desks it may use.
    capabilities: list[str] = []


class SignedOutOut(BaseModel):
    signed_out: bool
