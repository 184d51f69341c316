"""Training the decision layer on annotated articles (needs the `train` extra)."""
