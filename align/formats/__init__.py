"""Writers (and readers) for aligned pairs: one module per format, registered by name."""
