"""Rules of this family."""

CHECKERS: tuple[type, ...] = ()
