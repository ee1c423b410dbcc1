"""The linted project: safe file access and the project model built on it."""
