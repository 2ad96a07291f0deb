"""Pure story building: clustering, story summaries and quotes, digest editions and rendering."""
