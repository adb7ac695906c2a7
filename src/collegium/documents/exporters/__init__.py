"""One module per output format; each renders the plain views of collegium.documents.context."""
