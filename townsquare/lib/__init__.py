"""Framework-free helpers used across Townsquare's apps."""
