"""glossalign.glossary: Chinese term extraction, English equivalents, the glossary store and its curation."""
