"""glossalign.ingest: read TXT/DOCX/PDF, rebuild real paragraphs, split sentences (the first stage)."""
