"""The HTTP API: the app factory (:mod:`api.http.app`), its ``Annotated`` dependencies
(:mod:`api.http.deps`), the one table mapping domain errors to responses (:mod:`api.http.errors`) and an
``APIRouter`` module per area. Routes parse, call :mod:`api.services` and answer; the permission checks
and audit writes live in the services, so the CLI gives the same answers and refusals."""
