"""Writers (and readers) for glossary entries: one module per format, registered by name."""
