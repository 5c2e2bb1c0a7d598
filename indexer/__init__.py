"""Vietnamese article indexer: reading, extraction, analysis and the Whoosh index."""
