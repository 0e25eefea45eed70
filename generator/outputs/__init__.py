"""Outputs: the files beside the pages: data exports, the feed, redirects."""
