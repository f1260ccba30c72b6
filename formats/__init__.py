"""glossalign.formats: the interchange stage: writers and readers of pairs, paragraphs and glossaries."""
