"""The analyst's workbench in the browser: the page and its static assets, the sign-in (password,
session cookie, CSRF), Swagger UI and ReDoc from local files, and saved investigations."""
