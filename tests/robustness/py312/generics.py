"""PEP 695 generics and ``type`` statements (Python 3.12+ syntax only)."""

from collections.abc import Callable, Sequence

type Pair[T] = tuple[T, T]
type Handler[**P, R] = Callable[P, R]
type Nested = list[Pair[int]]
type Bounded[T: (int, str), *Ts] = tuple[T, *Ts]


def first[T](items: Sequence[T]) -> T:
    """Return the first item.

    Args:
        items: A non-empty sequence.

    Returns:
        The first item.
    """
    return items[0]


class Box[T: (int, str), *Ts, **P]:
    """A box holding one value."""

    def __init__(self, value: T) -> None:
        """Store the value.

        Args:
            value: The value.
        """
        self.value = value

    def get(self) -> T:
        """Return the value.

        Returns:
            The value.
        """
        return self.value

    def apply[R](self, func: Callable[[T], R]) -> R:
        """Apply a function to the value.

        Args:
            func: The function.

        Returns:
            Its result.
        """
        return func(self.value)


def unfinished[T](value: T) -> T:
    """Return the value unchanged.

    Args:
        value: Anything.

    Returns:
        The value.
    """
    pass  # error: DJA041
    return value
