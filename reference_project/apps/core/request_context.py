"""Request-scoped context shared by the middleware and the JSON log formatter."""

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def get_request_id() -> str | None:
    """Return the identifier of the request being processed, if any.

    Returns:
        The current request identifier, or ``None`` outside a request.
    """
    return request_id_var.get()
