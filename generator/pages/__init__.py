"""Pages: plan the site's pages and render them to Markdown."""
