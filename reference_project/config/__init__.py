"""Project configuration package (settings, URLs, ASGI/WSGI, Gunicorn)."""
