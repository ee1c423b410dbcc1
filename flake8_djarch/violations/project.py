"""Project-file rules, reported by the pre-commit hooks in ``hooks/``."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class LayoutPathMissing(Violation):
    """A file or folder of the canonical project layout is missing.

    ## What it does
    Compares the project root (``--root``, default ``.``) with the seed's
    canonical layout and reports every missing file or folder at ``path:1:1``.
    Inside a missing folder only the folder itself is reported.
    ``compose.yaml`` / ``compose.yml`` / ``docker-compose.yaml`` stand in for
    ``docker-compose.yml``.

    ## Why is this bad?
    Every tool, reviewer and hook relies on finding things where the
    layout puts them: settings in ``config/``, the custom user model in
    ``apps/users/``, the health check in ``apps/core/``, the lock file next to
    ``pyproject.toml``. A missing piece usually means a missing feature.

    ## Example
    ```text
    # path: manage.py
    # path: pyproject.toml
    # path: config/settings.py
    ```

    ## Use instead
    ```text
    # path: apps/__init__.py
    # path: apps/core/__init__.py
    # path: apps/core/exceptions.py
    # path: apps/core/pagination.py
    # path: apps/core/permissions.py
    # path: apps/core/middleware.py
    # path: apps/core/healthcheck.py
    # path: apps/core/tests/__init__.py
    # path: apps/users/__init__.py
    # path: apps/users/admin.py
    # path: apps/users/apps.py
    # path: apps/users/models.py
    # path: apps/users/serializers.py
    # path: apps/users/views.py
    # path: apps/users/urls.py
    # path: apps/users/permissions.py
    # path: apps/users/services.py
    # path: apps/users/selectors.py
    # path: apps/users/tests/__init__.py
    # path: apps/users/tests/factories.py
    # path: apps/users/tests/test_models.py
    # path: apps/users/tests/test_views.py
    # path: apps/users/tests/test_services.py
    # path: config/__init__.py
    # path: config/settings.py
    # path: config/urls.py
    # path: config/asgi.py
    # path: config/wsgi.py
    # path: config/gunicorn.conf.py
    # path: tests/conftest.py
    # path: nginx/nginx.conf
    # path: pyproject.toml
    # path: uv.lock
    # path: Dockerfile
    # path: docker-compose.yml
    # path: manage.py
    # path: .env.example
    # path: .gitignore
    # path: .dockerignore
    ```
    """

    code = "DJA100"
    name = "layout-path-missing"
    family = "project-files"
    seed = "§1"
    message = "canonical layout {kind} {path} is missing; create it (seed §1 project structure)"
    tool = "djarch-layout"


@final
class AppPieceMissing(Violation):
    """An app with models lacks its services, selectors or tests.

    ## What it does
    For every package directly under ``apps/`` that has a ``models.py``
    (or ``models/`` package), reports each missing ``services.py``,
    ``selectors.py`` and ``tests/`` at the missing path, ``path:1:1``. A
    ``services/`` or ``selectors/`` package counts.

    ## Why is this bad?
    Models without services and selectors push business logic into views
    and serializers; without tests nothing proves the app works (seed §3, §4.3).

    ## Example
    ```text
    # path: apps/shop/__init__.py
    # path: apps/shop/models.py
    ```

    ## Use instead
    ```text
    # path: apps/shop/__init__.py
    # path: apps/shop/models.py
    # path: apps/shop/services.py
    # path: apps/shop/selectors.py
    # path: apps/shop/tests/__init__.py
    ```
    """

    code = "DJA101"
    name = "app-piece-missing"
    family = "project-files"
    seed = "§3"
    message = "app {app} has models but no {piece}; add {piece} (writes in services, reads in selectors, tests in tests/)"
    tool = "djarch-layout"


@final
class EnvFileTracked(Violation):
    """A .env file is tracked by git.

    ## What it does
    Asks git (``git ls-files`` in ``--root``) for tracked files named
    ``.env`` or ``.env.<name>``; ``.env.example`` and other templates
    (``.sample``, ``.template``, ``.dist``) are fine. Outside a git work tree
    the check is skipped.

    ## Why is this bad?
    A tracked ``.env`` puts real secrets into the history of every clone
    and every image built from the repository (seed §6.2).

    ## Example
    ```text
    # path: .env
    DJANGO_SECRET_KEY=s3cr3t-pr0d-k3y-91ab7
    ```

    ## Use instead
    ```text
    # path: .gitignore
    .env
    # path: .env
    DJANGO_SECRET_KEY=s3cr3t-pr0d-k3y-91ab7
    # path: .env.example
    DJANGO_SECRET_KEY=change-me
    ```
    """

    code = "DJA102"
    name = "env-file-tracked"
    family = "project-files"
    seed = "§6.2"
    message = "{path} is tracked by git; run `git rm --cached {path}` and list it in .gitignore, commit only .env.example"
    tool = "djarch-layout"


@final
class DockerfileSingleStage(Violation):
    """The Dockerfile has fewer than two FROM stages.

    ## What it does
    Counts the ``FROM`` instructions of each Dockerfile and reports fewer than two at line 1.

    ## Why is this bad?
    A single stage ships compilers, uv, caches and a shell into production.
    The seed requires a builder stage and a distroless runtime stage.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    RUN pip install .
    CMD gunicorn config.asgi:application
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
    WORKDIR /app
    COPY pyproject.toml uv.lock ./
    RUN uv sync --frozen --no-dev
    COPY . .
    RUN uv run ruff check --fix . && uv run ruff format .
    RUN uv run python manage.py collectstatic --noinput

    FROM gcr.io/distroless/python3-debian12:nonroot
    COPY --from=builder /usr/local/bin/python3.12 /usr/local/bin/python3.12
    COPY --from=builder /usr/local/lib/python3.12 /usr/local/lib/python3.12
    COPY --from=builder /usr/local/lib/libpython3.12.so.1.0 /usr/local/lib/
    COPY --from=builder /app /app
    WORKDIR /app
    ENV PATH="/app/.venv/bin:$PATH"
    ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]
    ```
    """

    code = "DJA110"
    name = "dockerfile-single-stage"
    family = "project-files"
    seed = "§10.1"
    message = "{count} FROM stage(s); use a multi-stage build: a python:3.12-slim builder and a gcr.io/distroless/python3-debian12 runtime"
    tool = "djarch-dockerfile"


@final
class DockerfileBuilderImage(Violation):
    """The builder stage is not based on python:3.12-slim.

    ## What it does
    Checks the first stage's image (a leading ``ghcr.io/astral-sh/uv`` stage is
    skipped). Any ``python:3.12*-slim*`` tag is accepted, with or without a
    digest, and so is a bare digest (``python@sha256:...``); an untagged
    ``python`` (whatever ``latest`` is) is reported. Global ``ARG`` defaults
    are substituted.

    ## Why is this bad?
    The builder's Python must match the pinned 3.12; alpine images break
    wheels (musl) and full images are slow and large.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.11 AS builder
    RUN echo build
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim-bookworm AS builder
    RUN echo build
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA111"
    name = "dockerfile-builder-image"
    family = "project-files"
    seed = "§10.1"
    message = "builder stage image {image}; use python:3.12-slim"
    tool = "djarch-dockerfile"


@final
class DockerfileRuntimeImage(Violation):
    """The final stage is not gcr.io/distroless/python3-debian12.

    ## What it does
    Checks the image of the last ``FROM`` stage; any tag or digest of
    ``gcr.io/distroless/python3-debian12`` is accepted, other Debian releases
    (``python3-debian11``, ``python3-debian13``) are reported. A final
    ``FROM <earlier stage>`` is judged by that stage's base image, and the
    earlier stage's instructions count for the final stage's rules.

    ## Why is this bad?
    The runtime image must be distroless: no shell, no package manager,
    minimal attack surface (seed §10.1).

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN echo build
    FROM python:3.12-slim
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN echo build
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA112"
    name = "dockerfile-runtime-image"
    family = "project-files"
    seed = "§10.1"
    message = "final stage image {image}; use gcr.io/distroless/python3-debian12"
    tool = "djarch-dockerfile"


@final
class DockerfileUvNotCopied(Violation):
    """The builder does not take uv from the ghcr.io/astral-sh/uv image.

    ## What it does
    Looks in the builder stage(s) for ``COPY --from=ghcr.io/astral-sh/uv...``
    (directly, through a named stage, or as a ``RUN --mount=from=...``).

    ## Why is this bad?
    ``pip install uv`` or curl-piping an installer is slower, unpinned and
    pulls extra tooling into the build (seed §10.1).

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN pip install uv
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA113"
    name = "dockerfile-uv-not-copied"
    family = "project-files"
    seed = "§10.1"
    message = "builder does not copy uv from ghcr.io/astral-sh/uv; add `COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/`"
    tool = "djarch-dockerfile"


@final
class DockerfileUvSyncNotFrozen(Violation):
    """The builder does not run uv sync with --frozen and --no-dev.

    ## What it does
    Looks for a ``uv sync`` command in the builder's ``RUN`` instructions
    (heredocs included) that has both ``--frozen`` and ``--no-dev`` (or
    ``UV_FROZEN`` / ``UV_NO_DEV`` set with ``ENV``).

    ## Why is this bad?
    Without ``--frozen`` the image may resolve other versions than the
    committed ``uv.lock``; without ``--no-dev`` test and lint tools ship to
    production.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv sync
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv sync --frozen --no-dev
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA114"
    name = "dockerfile-uv-sync-not-frozen"
    family = "project-files"
    seed = "§10.1"
    message = "builder has no `uv sync --frozen --no-dev` ({detail}); install dependencies with `RUN uv sync --frozen --no-dev`"
    tool = "djarch-dockerfile"


@final
class DockerfileNoRuffGate(Violation):
    """The builder does not run both ruff check and ruff format.

    ## What it does
    Looks for ``ruff check`` and ``ruff format`` in the builder's ``RUN``
    commands (a pinned ``uvx ruff@0.6 check`` / ``ruff==0.6 format`` counts).

    ## Why is this bad?
    The seed makes linting a quality gate of the image build: an image must
    not be built from code that fails Ruff.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv run ruff format .
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv run ruff check --fix . && uv run ruff format .
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA115"
    name = "dockerfile-no-ruff-gate"
    family = "project-files"
    seed = "§10.1"
    message = "builder does not run {missing}; add `RUN uv run ruff check --fix . && uv run ruff format .` so lint errors fail the build"
    tool = "djarch-dockerfile"


@final
class DockerfileNoCollectstatic(Violation):
    """The builder does not collect static files.

    ## What it does
    Looks for ``collectstatic`` with ``--noinput`` (or ``--no-input``) in the builder's ``RUN`` commands.

    ## Why is this bad?
    The distroless runtime has no shell to run ``collectstatic`` later, so
    static files must be collected while building (seed §10.2).

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv run python manage.py collectstatic
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv run python manage.py collectstatic --noinput
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA116"
    name = "dockerfile-no-collectstatic"
    family = "project-files"
    seed = "§10.2"
    message = "builder does not run `collectstatic --noinput`; add `RUN uv run python manage.py collectstatic --noinput`"
    tool = "djarch-dockerfile"


@final
class DockerfileShellForm(Violation):
    """The final ENTRYPOINT or CMD uses the shell form.

    ## What it does
    Reports every ``ENTRYPOINT`` / ``CMD`` of the final stage that is not a JSON array.

    ## Why is this bad?
    The shell form runs ``/bin/sh -c ...``, which does not exist in a
    distroless image, so the container cannot start; it also keeps gunicorn
    from receiving signals as PID 1.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12:nonroot
    ENTRYPOINT /app/.venv/bin/gunicorn config.asgi:application -c /app/config/gunicorn.conf.py
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12:nonroot
    ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]
    ```
    """

    code = "DJA117"
    name = "dockerfile-shell-form"
    family = "project-files"
    seed = "§10.1"
    message = "final {instruction} in shell form; use the JSON array form (distroless has no /bin/sh)"
    tool = "djarch-dockerfile"


@final
class DockerfileShellInRuntime(Violation):
    """The distroless final stage uses RUN or SHELL.

    ## What it does
    Reports each ``RUN`` and ``SHELL`` of a distroless final stage (``:debug``
    tags, which carry busybox, and exec-form ``RUN`` of a non-shell program are
    fine).

    ## Why is this bad?
    Distroless images have no ``/bin/sh``: a shell-form ``RUN`` fails the
    build (seed §10.2).

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12:nonroot
    RUN python manage.py migrate
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    RUN uv run python manage.py collectstatic --noinput
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA118"
    name = "dockerfile-shell-in-runtime"
    family = "project-files"
    seed = "§10.2"
    message = "{instruction} in the distroless final stage, which has no shell; move the step into the builder stage"
    tool = "djarch-dockerfile"


@final
class DockerfileVenvNotOnPath(Violation):
    """The final stage does not copy the builder's .venv or does not put it on PATH.

    ## What it does
    Checks that the final stage copies the builder's virtual environment
    (``<WORKDIR>/.venv`` or ``UV_PROJECT_ENVIRONMENT``; copying a parent folder
    such as ``/app`` counts) and that an ``ENV PATH`` contains its ``bin``;
    earlier ``ENV`` / ``ARG`` values are expanded as Docker does
    (``ENV PATH="$VIRTUAL_ENV/bin:$PATH"``). At most one finding per
    Dockerfile, at line 1.

    ## Why is this bad?
    Without the venv the runtime has no dependencies; without ``PATH`` the
    entry point and ``manage.py`` commands resolve the wrong interpreter.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    WORKDIR /app
    RUN uv sync --frozen --no-dev
    FROM gcr.io/distroless/python3-debian12:nonroot
    COPY --from=builder /app/.venv /app/.venv
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    WORKDIR /app
    RUN uv sync --frozen --no-dev
    FROM gcr.io/distroless/python3-debian12:nonroot
    COPY --from=builder /app/.venv /app/.venv
    ENV PATH="/app/.venv/bin:$PATH"
    ```
    """

    code = "DJA119"
    name = "dockerfile-venv-not-on-path"
    family = "project-files"
    seed = "§10.1"
    message = 'final stage {problem}; add `COPY --from=builder /app/.venv /app/.venv` and `ENV PATH="/app/.venv/bin:$PATH"`'
    tool = "djarch-dockerfile"


@final
class DockerfileEntrypointNotGunicorn(Violation):
    """The final entry point does not start gunicorn with the ASGI app and its config file.

    ## What it does
    Joins the final stage's last ``ENTRYPOINT`` and ``CMD`` and requires a
    ``gunicorn`` program, ``config.asgi:application`` and ``-c`` (or
    ``--config``) pointing to a ``gunicorn.conf.py``.

    ## Why is this bad?
    The seed runs Gunicorn as manager with Uvicorn ASGI workers configured in
    ``config/gunicorn.conf.py``; ``runserver``, bare uvicorn or a missing config
    lose the worker, timeout and logging settings.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12:nonroot
    ENTRYPOINT ["/app/.venv/bin/python", "manage.py", "runserver", "0.0.0.0:8000"]
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12:nonroot
    ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]
    ```
    """

    code = "DJA120"
    name = "dockerfile-entrypoint-not-gunicorn"
    family = "project-files"
    seed = "§7.3"
    message = 'final entry point `{command}` does not run gunicorn config.asgi:application -c .../gunicorn.conf.py; use `ENTRYPOINT ["/app/.venv/bin/gunicorn", "config.asgi:application", "-c", "/app/config/gunicorn.conf.py"]`'
    tool = "djarch-dockerfile"


@final
class DockerfileRunsAsRoot(Violation):
    """The final stage runs as root.

    ## What it does
    Reports a final stage whose last ``USER`` is ``root`` / ``0``, or that has
    no ``USER`` and no ``:nonroot`` image tag (a final ``FROM <earlier stage>``
    inherits that stage's ``USER`` and image tag).

    ## Why is this bad?
    A compromised process running as root owns the whole container and
    makes escapes to the host far easier; distroless ships a ``nonroot`` user.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    FROM gcr.io/distroless/python3-debian12:nonroot
    ```
    """

    code = "DJA121"
    name = "dockerfile-runs-as-root"
    family = "project-files"
    seed = "§6"
    message = "final stage runs as root ({reason}); use the :nonroot image tag or `USER nonroot`"
    tool = "djarch-dockerfile"


@final
class DockerfilePythonMismatch(Violation):
    """The copied .venv targets a Python the distroless image does not have.

    ## What it does
    Compares the builder's ``python:3.X`` tag with the Python of the
    distroless image (``python3-debian12`` ships Debian 12's 3.11) and reports
    the final ``FROM`` line when they differ and the final stage copies none of
    ``/usr/local/bin/python3.X``, ``/usr/local/lib/python3.X`` or
    ``libpython3.X`` with ``COPY --from`` (the builder, another stage or an
    image such as ``python:3.12-slim``).

    ## Why is this bad?
    A uv venv links to the builder's interpreter. The seed pins Python
    3.12 but ``python3-debian12`` runs 3.11: the venv's ``python`` symlink is
    dangling and compiled wheels are for the wrong ABI, so the container fails
    at start.

    ## Example
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    WORKDIR /app
    FROM gcr.io/distroless/python3-debian12:nonroot
    COPY --from=builder /app /app
    ```

    ## Use instead
    ```dockerfile
    # path: Dockerfile
    FROM python:3.12-slim AS builder
    WORKDIR /app
    FROM gcr.io/distroless/python3-debian12:nonroot
    COPY --from=builder /usr/local/bin/python3.12 /usr/local/bin/python3.12
    COPY --from=builder /usr/local/lib/python3.12 /usr/local/lib/python3.12
    COPY --from=builder /usr/local/lib/libpython3.12.so.1.0 /usr/local/lib/
    COPY --from=builder /app /app
    ```
    """

    code = "DJA122"
    name = "dockerfile-python-mismatch"
    family = "project-files"
    seed = "§10.1"
    message = "builder Python {builder} but final image {image} ships Python {final}, so the copied .venv cannot start; copy /usr/local/bin/python{builder}, /usr/local/lib/python{builder} and libpython{builder} from the builder"
    tool = "djarch-dockerfile"


@final
class ComposeServiceMissing(Violation):
    """A required docker compose service is missing.

    ## What it does
    Reports each of ``app``, ``db``, ``redis``, ``nginx`` and ``migrate`` that
    the compose file lacks, at line 1 (``*override*`` files are skipped).
    A ``services`` key that is not a mapping is invalid compose: exit 2.

    ## Why is this bad?
    The distroless app cannot migrate, cache or serve static files by
    itself: the seed's compose stack provides the database, cache, proxy and
    the migration step.

    ## Example
    ```yaml
    # path: docker-compose.yml
    services:
      app:
        build: .
    ```

    ## Use instead
    ```yaml
    # path: docker-compose.yml
    services:
      app:
        build: .
        env_file: .env
        depends_on:
          migrate:
            condition: service_completed_successfully
      migrate:
        image: python:3.12-slim
        env_file: .env
      db:
        image: postgres:16.11
        environment:
          POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
      redis:
        image: redis:7.2.7-alpine
      nginx:
        image: nginx:stable-alpine
    ```
    """

    code = "DJA130"
    name = "compose-service-missing"
    family = "project-files"
    seed = "§10.3"
    message = "compose service {service} is missing; add it ({purpose})"
    tool = "djarch-compose"


@final
class ComposeServiceImage(Violation):
    """A compose service does not use its pinned image.

    ## What it does
    Checks the services that exist: ``db`` on ``postgres:16.11``, ``redis`` on
    ``redis:7.2.7-alpine``, ``nginx`` on ``nginx:stable-alpine``, ``migrate`` on a
    ``python:3.12*-slim*`` tag (digests allowed), and ``app`` built with
    ``build``. In ``*override*`` files, whose service definitions are merged
    over the main file, a missing ``build`` / ``image`` is inherited and not
    reported; an image they do set is judged.

    ## Why is this bad?
    Unpinned or other images drift from the versions the seed pins, and an
    ``app`` without ``build`` runs something other than this repository.

    ## Example
    ```yaml
    # path: docker-compose.yml
    services:
      db:
        image: postgres:latest
    ```

    ## Use instead
    ```yaml
    # path: docker-compose.yml
    services:
      db:
        image: postgres:16.11
    ```
    """

    code = "DJA131"
    name = "compose-service-image"
    family = "project-files"
    seed = "§10.3"
    message = "service {service} {problem}; use {expected}"
    tool = "djarch-compose"


@final
class ComposeLiteralSecret(Violation):
    """A compose environment entry holds a literal secret.

    ## What it does
    Reports ``environment:`` entries (mapping or list form) with a
    secret-like name and a literal value that looks like a secret, instead of
    ``${VAR}`` interpolation. Name and value follow the one definition shared
    with DJA072 and DJA171 (``flake8_djarch.policy.secrets``): the name ends
    in PASSWORD, PASSWD, SECRET, TOKEN or a qualified KEY (``API_KEY``,
    ``SECRET_KEY``); the value has at least six characters, no whitespace or
    template marks, is no mask and no label equal to the name
    (``POSTGRES_PASSWORD: 123456`` is reported; ``DB_PASSWORD_FILE``,
    ``TOKEN_LIFETIME: 3600`` are not).

    ## Why is this bad?
    Secrets committed in the compose file end up in git history and every
    clone; they belong in ``.env`` (via ``env_file``) or the environment.

    ## Example
    ```yaml
    # path: docker-compose.yml
    services:
      db:
        image: postgres:16.11
        environment:
          POSTGRES_PASSWORD: hunter2
    ```

    ## Use instead
    ```yaml
    # path: docker-compose.yml
    services:
      db:
        image: postgres:16.11
        environment:
          POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
    ```
    """

    code = "DJA132"
    name = "compose-literal-secret"
    family = "project-files"
    seed = "§6.1"
    message = "literal secret in environment {key} of service {service}; use env_file or ${{{key}}} interpolation"
    tool = "djarch-compose"


@final
class ComposeAppNotAfterMigrate(Violation):
    """The app service does not wait for the migrate service to finish.

    ## What it does
    Requires ``app.depends_on.migrate.condition`` to be
    ``service_completed_successfully``. In ``*override*`` files only a
    ``depends_on`` that names ``migrate`` is judged.

    ## Why is this bad?
    Without it the app starts against an unmigrated schema and fails its
    first requests.

    ## Example
    ```yaml
    # path: docker-compose.yml
    services:
      app:
        build: .
        depends_on:
          - migrate
      migrate:
        image: python:3.12-slim
    ```

    ## Use instead
    ```yaml
    # path: docker-compose.yml
    services:
      app:
        build: .
        depends_on:
          migrate:
            condition: service_completed_successfully
      migrate:
        image: python:3.12-slim
    ```
    """

    code = "DJA133"
    name = "compose-app-not-after-migrate"
    family = "project-files"
    seed = "§10.2"
    message = "service app {problem}; add `depends_on: {{migrate: {{condition: service_completed_successfully}}}}`"
    tool = "djarch-compose"


@final
class GitignoreEntryMissing(Violation):
    """The .gitignore lacks an entry the seed requires.

    ## What it does
    Reports, at line 1, each entry of the seed's ``.gitignore`` list (except
    ``uv.lock``, see DJA142) that the file neither lists (after trimming; ``name``
    equals ``name/``; a leading ``/`` is ignored) nor already ignores through
    another pattern (``*.sqlite3`` covers ``db.sqlite3``). A later ``!`` line
    that re-includes the entry (``.env`` then ``!.env``) makes it missing again;
    ``!.env.example`` does not.

    ## Why is this bad?
    Missing entries let virtualenvs, caches, databases and ``.env`` secrets
    slip into commits.

    ## Example
    ```text
    # path: .gitignore
    __pycache__/
    .venv/
    ```

    ## Use instead
    ```text
    # path: .gitignore
    *.pyc
    __pycache__/
    *.pyo
    *.egg-info/
    dist/
    build/
    .venv/
    venv/
    .env
    *.sqlite3
    db.sqlite3
    staticfiles/
    media/
    .ruff_cache/
    .pytest_cache/
    .mypy_cache/
    .coverage
    htmlcov/
    *.log
    .idea/
    .vscode/
    *.swp
    *.swo
    ```
    """

    code = "DJA140"
    name = "gitignore-entry-missing"
    family = "project-files"
    seed = "§10.4"
    message = ".gitignore lacks {entry}; add it (seed §10.4)"
    tool = "djarch-ignorefiles"


@final
class DockerignoreEntryMissing(Violation):
    """The .dockerignore lacks an entry the seed requires.

    ## What it does
    Reports, at line 1, each entry of the seed's ``.dockerignore`` list that
    the file lacks (after trimming; ``name`` equals ``name/``; a leading ``/`` or
    ``**/`` is ignored) and does not ignore through another pattern at the
    context root (``*`` allow-lists, ``docker-compose*``). A later ``!`` line
    re-including the entry makes it missing again.

    ## Why is this bad?
    Everything not ignored is sent to the build context and may be copied
    into the image: ``.env`` secrets, ``.git`` history, local venvs.

    ## Example
    ```text
    # path: .dockerignore
    .git
    ```

    ## Use instead
    ```text
    # path: .dockerignore
    .git
    .gitignore
    .venv
    venv
    .env
    *.md
    *.log
    .pytest_cache
    .ruff_cache
    .mypy_cache
    __pycache__
    *.pyc
    .idea
    .vscode
    docker-compose*.yml
    .dockerignore
    Dockerfile
    tests/
    docs/
    *.sqlite3
    ```
    """

    code = "DJA141"
    name = "dockerignore-entry-missing"
    family = "project-files"
    seed = "§10.4"
    message = ".dockerignore lacks {entry}; add it (seed §10.4)"
    tool = "djarch-ignorefiles"


@final
class UvLockIgnored(Violation):
    """The uv.lock file is git-ignored.

    ## What it does
    Reports the ``.gitignore`` line whose pattern ignores ``uv.lock`` (last
    matching pattern wins, as in git). The seed's own ``.gitignore`` list
    contains ``uv.lock`` while its layout and ``uv sync --frozen`` need the
    lock committed; the working build wins.

    ## Why is this bad?
    Without a committed lock file ``uv sync --frozen`` fails in the image
    build and nobody gets reproducible versions.

    ## Example
    ```text
    # path: .gitignore
    .venv/
    uv.lock
    ```

    ## Use instead
    ```text
    # path: .gitignore
    .venv/
    ```
    """

    code = "DJA142"
    name = "uv-lock-ignored"
    family = "project-files"
    seed = "§10.4"
    message = "uv.lock is git-ignored by `{pattern}`; remove the pattern and commit uv.lock (`uv sync --frozen` needs it)"
    tool = "djarch-ignorefiles"


@final
class RuffConfigWeaker(Violation):
    """The Ruff configuration is weaker than the seed's.

    ## What it does
    One finding per deviation from seed §5.2 in ``pyproject.toml``: each rule
    family of the seed's ``select`` list that is not selected (``TC`` is
    accepted for ``TCH``, ``C`` for ``C4``, ``T`` for ``T10``, all of ``PLC``,
    ``PLE``, ``PLR``, ``PLW`` for ``PL``; ``ALL`` selects everything), each global
    ``ignore`` / ``extend-ignore`` beyond ``E501, S101, COM812, ISC001``, and a
    ``line-length`` other than 88 or ``target-version`` other than ``py312``.
    A sibling ``ruff.toml`` / ``.ruff.toml`` (which Ruff prefers over
    ``pyproject.toml``) skips the check.

    ## Why is this bad?
    Every missing family is a class of bugs (security, typing, dead code)
    that is no longer caught; every extra ignore switches one off project-wide.

    ## Example
    ```toml
    # path: pyproject.toml
    [tool.ruff]
    line-length = 120
    target-version = "py312"

    [tool.ruff.lint]
    select = ["E", "F"]
    ignore = ["E501", "B008"]
    ```

    ## Use instead
    ```toml
    # path: pyproject.toml
    [tool.ruff]
    line-length = 88
    target-version = "py312"

    [tool.ruff.lint]
    select = ["F", "E", "W", "I", "N", "UP", "B", "S", "A", "C4", "T10", "SIM", "TCH", "ARG", "PTH", "ERA", "PL", "RUF", "DJ", "PERF", "FBT"]
    ignore = ["E501", "S101", "COM812", "ISC001"]
    ```
    """

    code = "DJA150"
    name = "ruff-config-weaker"
    family = "project-files"
    seed = "§5.2"
    message = "[tool.ruff] weaker than seed §5.2: {problem}; {fix}"
    tool = "djarch-pyproject"


@final
class PytestConfigWeaker(Violation):
    """The pytest configuration is weaker than the seed's.

    ## What it does
    One finding per deviation in ``[tool.pytest.ini_options]``: no
    ``DJANGO_SETTINGS_MODULE`` (pytest-django's ``--ds=`` in ``addopts``
    counts as one), no ``--strict-markers``, no ``--cov=apps`` or no
    ``--cov-fail-under`` of at least 80 in ``addopts`` (``fail_under`` in
    ``[tool.coverage.report]``, which pytest-cov also enforces, counts;
    ``--cov ./apps`` equals ``--cov=apps``; pytest 9's ``[tool.pytest]`` table
    is read when ``ini_options`` is absent). A sibling ``pytest.ini`` (which
    pytest prefers) skips the check.

    ## Why is this bad?
    Without them tests run against the wrong settings, typos in markers go
    unnoticed and coverage can drop below the seed's 80 %.

    ## Example
    ```toml
    # path: pyproject.toml
    [tool.pytest.ini_options]
    addopts = ["--cov=apps", "--cov-fail-under=50"]
    ```

    ## Use instead
    ```toml
    # path: pyproject.toml
    [tool.pytest.ini_options]
    DJANGO_SETTINGS_MODULE = "config.settings"
    addopts = ["--strict-markers", "--strict-config", "--cov=apps", "--cov-fail-under=80"]
    ```
    """

    code = "DJA151"
    name = "pytest-config-weaker"
    family = "project-files"
    seed = "§5.3"
    message = "[tool.pytest.ini_options] {problem}; {fix}"
    tool = "djarch-pyproject"


@final
class MissingDependency(Violation):
    """A package of the seed's tech stack is not a dependency.

    ## What it does
    One finding per missing package, at line 1. Runtime:
    ``django, djangorestframework, pydantic-settings, drf-spectacular,
    django-redis, gunicorn, uvicorn`` in ``[project] dependencies``; dev:
    ``pytest-django, factory-boy, pytest-cov, ruff`` in ``[dependency-groups]
    dev`` (or another group listed in ``[tool.uv] default-groups``, which
    ``uv sync`` installs as well) or ``[tool.uv] dev-dependencies``. Names are
    compared after PEP 503 normalisation; version specifiers and extras are
    ignored.

    ## Why is this bad?
    The seed's stack is mandatory: settings, API docs, caching, the ASGI
    server and the test tools are all assumed by the other rules.

    ## Example
    ```toml
    # path: pyproject.toml
    [project]
    name = "shop"
    version = "1.0.0"
    dependencies = ["Django>=5.2", "djangorestframework"]
    ```

    ## Use instead
    ```toml
    # path: pyproject.toml
    [project]
    name = "shop"
    version = "1.0.0"
    dependencies = [
        "django>=5.2",
        "djangorestframework>=3.15",
        "pydantic-settings>=2.6",
        "drf-spectacular>=0.28",
        "django-redis>=5.4",
        "gunicorn>=23.0",
        "uvicorn[standard]>=0.32",
    ]

    [dependency-groups]
    dev = ["pytest-django>=4.9", "factory-boy>=3.3", "pytest-cov>=6.0", "ruff>=0.8"]
    ```
    """

    code = "DJA152"
    name = "missing-dependency"
    family = "project-files"
    seed = "§2"
    message = "{group} dependency {package} is missing; run `{command}`"
    tool = "djarch-pyproject"


@final
class NginxNoForwardedProto(Violation):
    """A proxying nginx location does not forward the request scheme.

    ## What it does
    Reports each ``location`` with a ``proxy_pass`` whose effective
    ``proxy_set_header`` list (its own, or inherited from ``server`` / ``http``
    when it has none, includes followed) lacks ``X-Forwarded-Proto``.

    ## Why is this bad?
    Django sits behind nginx with ``SECURE_SSL_REDIRECT`` and
    ``SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")``. Without the
    header every request looks like plain HTTP and is redirected again and
    again.

    ## Example
    ```nginx
    # path: nginx/nginx.conf
    events {}
    http {
        server {
            listen 80;
            location /static/ {
                alias /app/staticfiles/;
            }
            location / {
                proxy_pass http://app:8000;
                proxy_set_header Host $host;
            }
        }
    }
    ```

    ## Use instead
    ```nginx
    # path: nginx/nginx.conf
    events {}
    http {
        server {
            listen 80;
            location /static/ {
                alias /app/staticfiles/;
            }
            location / {
                proxy_pass http://app:8000;
                proxy_set_header Host $host;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto $scheme;
            }
        }
    }
    ```
    """

    code = "DJA160"
    name = "nginx-no-forwarded-proto"
    family = "project-files"
    seed = "§6.3"
    message = "location {location} proxies to the app without `proxy_set_header X-Forwarded-Proto $scheme`; add it or SECURE_PROXY_SSL_HEADER redirects forever"
    tool = "djarch-nginx"


@final
class NginxNoStaticLocation(Violation):
    """nginx does not serve /static/ itself.

    ## What it does
    Reports, at line 1, an nginx configuration with ``server`` blocks (includes
    followed) but no ``location`` for ``/static/`` that nginx serves itself
    (one that proxies to the app does not count). Files without a ``server``
    are judged too unless they ``include`` others or are snippets of plain
    directives (shared ``proxy_set_header`` lines serve nothing themselves).

    ## Why is this bad?
    Gunicorn should not serve static files, and the distroless app has no
    whitenoise configured by the seed: without the location the admin and API
    docs lose their CSS and JavaScript.

    ## Example
    ```nginx
    # path: nginx/nginx.conf
    events {}
    http {
        server {
            listen 80;
            location / {
                proxy_pass http://app:8000;
                proxy_set_header X-Forwarded-Proto $scheme;
            }
        }
    }
    ```

    ## Use instead
    ```nginx
    # path: nginx/nginx.conf
    events {}
    http {
        server {
            listen 80;
            location /static/ {
                alias /app/staticfiles/;
            }
            location / {
                proxy_pass http://app:8000;
                proxy_set_header Host $host;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto $scheme;
            }
        }
    }
    ```
    """

    code = "DJA161"
    name = "nginx-no-static-location"
    family = "project-files"
    seed = "§10.3"
    message = "no `location /static/` served by nginx; add `location /static/ {{ alias /app/staticfiles/; }}`"
    tool = "djarch-nginx"


@final
class EnvExampleMissingKey(Violation):
    """A settings field has no entry in .env.example.

    ## What it does
    Finds the project's ``pydantic_settings.BaseSettings`` subclasses
    statically (``ast``, through imports and project base classes, skipping
    tests, migrations and virtualenvs), derives each field's environment name
    as pydantic-settings does (``env_prefix``, ``alias`` / ``validation_alias``,
    also inside ``Annotated[..., Field(...)]``, ``env_nested_delimiter``;
    case-insensitive unless ``case_sensitive``) and
    reports at ``.env.example:1:1`` each name the file lacks.

    ## Why is this bad?
    ``.env.example`` is the only documentation of the configuration a
    deployment must provide; a missing variable is discovered in production.

    ## Example
    ```text
    # path: config/settings.py
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Settings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="DJANGO_", env_file=".env")

        secret_key: str
        debug: bool = False
    # path: .env.example
    DJANGO_SECRET_KEY=change-me
    ```

    ## Use instead
    ```text
    # path: config/settings.py
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Settings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="DJANGO_", env_file=".env")

        secret_key: str
        debug: bool = False
    # path: .env.example
    DJANGO_SECRET_KEY=change-me
    DJANGO_DEBUG=false
    ```
    """

    code = "DJA170"
    name = "env-example-missing-key"
    family = "project-files"
    seed = "§6.1"
    message = "{env} (field {field} of {settings}) is missing from .env.example; add `{env}=` with a placeholder value"
    tool = "djarch-env"


@final
class EnvExampleRealSecret(Violation):
    """The .env.example holds a value that looks like a real secret.

    ## What it does
    Reports each key of ``.env.example`` with a secret-like name whose value
    looks like a secret (the definition shared with DJA072 and DJA132:
    ``flake8_djarch.policy.secrets``) and is not an obvious placeholder
    (``change-me``, ``<...>``, anything with ``example``, ``placeholder``,
    ``xxx``, ``your-``, ``dummy``, ``${VAR}``, ...).

    ## Why is this bad?
    ``.env.example`` is committed: a real value there is a leaked secret.

    ## Example
    ```text
    # path: .env.example
    DJANGO_SECRET_KEY=k9#fq2vL!x8Rz0pWb3Nc7TdY
    ```

    ## Use instead
    ```text
    # path: .env.example
    DJANGO_SECRET_KEY=change-me
    ```
    """

    code = "DJA171"
    name = "env-example-real-secret"
    family = "project-files"
    seed = "§6.2"
    message = "{key} in .env.example has a real-looking value; replace it with a placeholder such as `change-me`"
    tool = "djarch-env"


@final
class HealthRouteMissing(Violation):
    """The root URLconf routes nothing to ``api/health/``.

    ## What it does
    Reads ``ROOT_URLCONF`` from the main settings module (the one
    ``DJANGO_SETTINGS_MODULE`` names in ``manage.py`` / ``asgi.py`` /
    ``wsgi.py`` / the pytest configuration, else ``config.settings``; default
    URLconf ``config/urls.py``) and follows its ``path()`` / ``re_path()`` /
    ``url()`` patterns, through ``include()`` of project URLconfs and of
    pattern lists, comparing routes after stripping ``^`` and ``$``. Reports
    the URLconf at line 1 when no pattern reaches ``api/health/``. When a
    route or an include on the way cannot be read statically (a router's
    ``urls``, a computed route), nothing is reported.

    ## Why is this bad?
    Seed §9: orchestrators probe ``/api/health/``. A health view that no URL
    reaches answers 404, and the container is restarted forever.

    ## Example
    ```python
    # path: config/settings.py
    ROOT_URLCONF = "config.urls"
    # path: config/urls.py
    from django.urls import include, path

    urlpatterns = [path("api/users/", include("apps.users.urls"))]
    ```

    ## Use instead
    ```python
    # path: config/settings.py
    ROOT_URLCONF = "config.urls"
    # path: config/urls.py
    from django.urls import include, path

    from apps.core.healthcheck import health

    urlpatterns = [
        path("api/health/", health, name="health"),
        path("api/users/", include("apps.users.urls")),
    ]
    ```
    """

    code = "DJA103"
    name = "health-route-missing"
    family = "project-files"
    seed = "§9"
    message = '{urlconf} routes nothing to api/health/; add path("api/health/", health) (seed §9)'
    tool = "djarch-layout"


@final
class InitialUserMigrationMissing(Violation):
    """The custom user model has no initial migration.

    ## What it does
    Reports ``apps/users/migrations/0001_initial.py`` at line 1 when
    ``apps/users/models.py`` exists but no ``apps/users/migrations/0001_*.py``
    does.

    ## Why is this bad?
    Seed §2 (post-scaffold step 3): the custom user model's migration must
    exist before anything else migrates; ``AUTH_USER_MODEL`` cannot be
    changed once ``auth`` tables were created from the default user.

    ## Example
    ```text
    # path: apps/users/__init__.py
    # path: apps/users/models.py
    # path: apps/users/migrations/__init__.py
    ```

    ## Use instead
    ```text
    # path: apps/users/__init__.py
    # path: apps/users/models.py
    # path: apps/users/migrations/__init__.py
    # path: apps/users/migrations/0001_initial.py
    ```
    """

    code = "DJA104"
    name = "initial-user-migration-missing"
    family = "project-files"
    seed = "§2"
    message = "apps/users has models but no initial migration; run `uv run python manage.py makemigrations users` (seed §2)"
    tool = "djarch-layout"


@final
class UntestedModule(Violation):
    """A services or selectors module is imported by no test of its app.

    ## What it does
    For every app under ``apps/`` that has a ``tests/`` folder, reports at
    line 1 each ``services`` / ``selectors`` module (``services.py``, or each
    module of a ``services/`` package) that no module under the app's
    ``tests/`` imports. ``from apps.x import services``,
    ``from apps.x.services import f``, ``import apps.x.services`` and relative
    imports all count. Apps without ``tests/`` are DJA101's; views are tested
    through the HTTP client and are not judged.

    ## Why is this bad?
    Seed §4.3: every module needs tests. Services and selectors hold the
    business logic, so an untested one is untested behaviour.

    ## Example
    ```python
    # path: apps/shop/models.py
    # path: apps/shop/services.py
    # path: apps/shop/selectors.py
    # path: apps/shop/tests/__init__.py
    # path: apps/shop/tests/test_services.py
    from apps.shop.services import order_create
    ```

    ## Use instead
    ```python
    # path: apps/shop/models.py
    # path: apps/shop/services.py
    # path: apps/shop/selectors.py
    # path: apps/shop/tests/__init__.py
    # path: apps/shop/tests/test_services.py
    from apps.shop.services import order_create

    # path: apps/shop/tests/test_selectors.py
    from apps.shop.selectors import order_list
    ```
    """

    code = "DJA105"
    name = "untested-module"
    family = "project-files"
    seed = "§4.3"
    message = (
        "{module} is imported by no module under {tests}; test it there (seed §4.3)"
    )
    tool = "djarch-layout"


@final
class TestsWithoutFactories(Violation):
    """An app's tests build model instances without factory-boy.

    ## What it does
    For every app under ``apps/`` with models whose ``tests/`` folder holds
    test modules (``test_*.py``, ``*_test.py``), reports the ``tests``
    folder at line 1 when no module under it imports ``factory``
    (factory-boy) directly or through a project module it imports (such as
    another app's ``tests/factories.py``).

    ## Why is this bad?
    Seed §4.3 prescribes ``factory-boy`` for model fixtures: hand-built
    instances repeat required fields in every test and break together when
    a model gains one.

    ## Example
    ```python
    # path: apps/shop/models.py
    # path: apps/shop/tests/__init__.py
    # path: apps/shop/tests/test_models.py
    from apps.shop.models import Order
    ```

    ## Use instead
    ```python
    # path: apps/shop/models.py
    # path: apps/shop/tests/__init__.py
    # path: apps/shop/tests/factories.py
    import factory

    # path: apps/shop/tests/test_models.py
    from apps.shop.tests.factories import OrderFactory
    ```
    """

    __test__ = False
    code = "DJA106"
    name = "tests-without-factories"
    family = "project-files"
    seed = "§4.3"
    message = "{tests} has test modules but no factory-boy factories; build model instances with factory-boy (seed §4.3)"
    tool = "djarch-layout"


@final
class LockDrift(Violation):
    """``uv.lock`` is missing or does not match the dependencies of ``pyproject.toml``.

    ## What it does
    For a ``pyproject.toml`` with a ``[project]`` table whose dependencies
    are not ``dynamic``: reports line 1 when
    no ``uv.lock`` lies beside it, and, one finding per group, when the
    lock's entry for the project lists other dependency names (runtime:
    ``[project] dependencies`` and ``optional-dependencies``; dev: each
    ``[dependency-groups]`` group) than ``pyproject.toml``; names are
    compared after PEP 503 normalisation, versions are not compared.

    ## Why is this bad?
    Seed §5.1 forbids editing dependency lists by hand: ``uv add`` changes
    ``pyproject.toml`` and ``uv.lock`` together. A lock that lists other
    packages is the trace of a hand edit, and ``uv sync --frozen`` in the
    Dockerfile then installs something else than the project declares.

    ## Example
    ```toml
    # path: pyproject.toml
    [project]
    name = "shop"
    version = "1.0.0"
    dependencies = ["django>=5.2"]
    ```

    ## Use instead
    ```toml
    # path: pyproject.toml
    [project]
    name = "shop"
    version = "1.0.0"
    dependencies = ["django>=5.2"]
    # path: uv.lock
    version = 1

    [[package]]
    name = "shop"
    version = "1.0.0"
    source = { virtual = "." }
    dependencies = [{ name = "django" }]

    [package.metadata]
    requires-dist = [{ name = "django", specifier = ">=5.2" }]
    ```
    """

    code = "DJA153"
    name = "lock-drift"
    family = "project-files"
    seed = "§5.1"
    message = "{problem}; change dependencies only with `uv add` / `uv remove` (or run `uv lock`) (seed §5.1)"
    tool = "djarch-pyproject"


@final
class PythonPin(Violation):
    """The project does not run on Python 3.12.

    ## What it does
    Reports ``requires-python`` (on its line) when no Python 3.12 release
    satisfies it, and, as a second finding, a ``.python-version`` beside
    ``pyproject.toml`` that names another minor version than 3.12.

    ## Why is this bad?
    The seed pins Python 3.12 (tech stack; the builder image is
    ``python:3.12-slim``). A project that excludes 3.12 cannot be built by
    the seed's Dockerfile, and a different local version hides the bugs
    that only the pinned one has.

    ## Example
    ```toml
    # path: pyproject.toml
    [project]
    name = "shop"
    version = "1.0.0"
    requires-python = ">=3.13"
    ```

    ## Use instead
    ```toml
    # path: pyproject.toml
    [project]
    name = "shop"
    version = "1.0.0"
    requires-python = ">=3.12"
    ```
    """

    code = "DJA154"
    name = "python-pin"
    family = "project-files"
    seed = "§tech-stack"
    message = "{problem}; the seed pins Python 3.12 (tech stack)"
    tool = "djarch-pyproject"
