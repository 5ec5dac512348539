"""What caselink does for a user, below both interfaces: queries, leads, resolution, disclosure,
deconfliction, investigations, data quality, alert triage, audit and authentication. Every permission
check and audit write lives here, so HTTP (:mod:`api.http`) and the CLI (:mod:`api.cli`) answer and refuse
alike by construction. Services raise :mod:`api.services.errors`; each error carries its own status."""
