"""Benchmark and robustness scripts (run them as files, see docs/performance.md)."""
