"""Articles, their photos, advertising slots and comment settings."""
