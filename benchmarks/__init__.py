"""glossalign benchmarks: MAC-Test alignment quality and speed, QA precision, term recall."""
