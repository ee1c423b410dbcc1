"""PEP 701 f-strings: nested quotes, multi-line fields, comments inside."""


def render(items: dict[str, list[str]], width: int) -> str:
    """Render the items.

    Args:
        items: Values per key.
        width: Column width.

    Returns:
        The text.
    """
    flat = f"{", ".join(f"{key}={f"{len(value):>{width}}"}" for key, value in items.items())}"
    deep = f"{f"{f"{f"{f"{width}"}"}"}"}"
    return f"{
        flat  # a comment inside a replacement field
    }{deep!r:>{width}}{"\n".join(items)}"


def marker(total: float) -> str:
    """Format a total.

    Args:
        total: The amount.

    Returns:
        The text.
    """
    return f"{
        total  # TODO: round it  # error: DJA040
    :.2f}"
