"""Catalogue entries, one module per model family, collected by ``models.catalogue``."""
