"""glossalign.check: translation consistency checks over aligned pairs, and the QA report."""
