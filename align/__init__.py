"""glossalign.align: embed paragraphs and sentences and align Chinese with English (dynamic programming)."""
