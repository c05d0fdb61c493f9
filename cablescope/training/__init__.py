"""Training cablescope's own entity model from the data in ``../shared/ner`` and the corpus."""
