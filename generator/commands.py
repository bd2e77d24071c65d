"""Commands beyond import and check (site generation, arXiv, links) register here."""
