"""pre-commit hooks for project files (imported as djarch_hooks)."""
