"""glossalign.pipeline: the whole job: find and pair documents, run each pair through every stage, in batch."""
