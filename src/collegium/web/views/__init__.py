"""Web pages, one module per part of the mechanism. Views parse input, call one selector or
service, and render; HTMX requests get the partial template of the same view."""
