"""glossalign.align: embed paragraphs and sentences and align Chinese with English (dynamic programming).

DEFAULT_MODEL names the default embedder; `align.embed.get_embedder` is the one place a model name is read.
"""

DEFAULT_MODEL = "use-m3"
