"""glossalign.glossary: term extraction, English equivalents, the glossary store, curation and QA checks."""
