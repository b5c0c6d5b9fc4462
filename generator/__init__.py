"""archive-site: turn an archive of scraped news articles into a searchable static site."""
