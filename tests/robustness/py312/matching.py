"""Structural pattern matching in every shape."""

from dataclasses import dataclass


@dataclass
class Point:
    """A point.

    Attributes:
        x: Abscissa.
        y: Ordinate.
    """

    x: int
    y: int


def describe(command: object) -> str:
    """Describe a command.

    Args:
        command: Anything.

    Returns:
        A short description.
    """
    match command:
        case {"action": "go", **rest} if rest:
            return "go"
        case [int(x), *others] if others:
            return str(x)
        case Point(x=0, y=y) | Point(x=y, y=0):
            return f"axis {y}"
        case str() as text:
            return text
        case True | False | None:
            return "constant"
        case _:
            pass  # error: DJA041
    return ""


def nested(value: object) -> int:
    """Count through nested matches.

    Args:
        value: Anything.

    Returns:
        A number.
    """
    match value:
        case [*_, [_, *_]]:
            match value[0]:
                case 1 | 2:
                    return 1
                case _:
                    return 2
        case _:
            return 0
