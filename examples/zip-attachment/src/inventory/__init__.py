"""Helpers shipped in the attachment: a package with a data file."""
