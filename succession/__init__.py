"""The Soviet succession struggle after Lenin, 1921-1929: data, queries, charts and explorers."""
__version__ = "0.1.0"
