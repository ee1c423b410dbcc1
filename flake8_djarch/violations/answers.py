"""Answer-format rules (seed §12), reported by ``djarch answer``.

Their examples are whole answers (Markdown with nested fences), so they are
fenced with ``~~~markdown``; the registry test parses them with the same
Markdown parser that ``djarch answer`` uses.
"""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation

ANSWER_TOOL = "djarch answer"


@final
class AnswerSections(Violation):
    """The answer's level-2 headings are not the two sections of the format.

    ## What it does
    Lists the answer's top-level `##` headings (headings inside code blocks
    do not count) and reports, on the first heading that deviates (or at 1:1
    when a section is missing), unless they are exactly `## Цепочка мыслей`
    followed by `## Файлы`. One extra trailing
    `## ⚠️ РЕКОМЕНДУЕМЫЕ ИЗМЕНЕНИЯ (ВНЕ СКОУПА)` section is allowed (the emoji's
    variation selector is optional).

    ## Why is this bad?
    Seed §12 fixes the shape of every answer: the reasoning first, then the
    files. Reviewers and tools (this one included) find the files by the
    `## Файлы` heading; out-of-scope proposals go in the trailing section so
    that they are never applied silently.

    ## Example
    ~~~markdown
    ## Plan

    **Анализ:** добавить модель.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    ## Файлы
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** добавить модель.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    ## Файлы
    ~~~
    """

    code = "DJA300"
    name = "answer-sections"
    family = "answers"
    seed = "§12"
    message = "answer sections are {found}; use exactly '## Цепочка мыслей' then '## Файлы' (seed §12 response structure)"
    tool = ANSWER_TOOL


@final
class ReasoningParts(Violation):
    """The reasoning section lacks one of its three bold labels.

    ## What it does
    Looks for the bold labels `Анализ`, `Операции файловой системы` and
    `Архитектурные решения` (a trailing colon inside or after the bold text
    is fine) in the `## Цепочка мыслей` section and reports each missing one
    on the section's heading. Without that section only DJA300 is reported.

    ## Why is this bad?
    The three parts are what a reviewer checks before applying an answer: what
    is done and why, which shell commands (`mkdir`, `uv add`) it needs, and
    which decisions it took.

    ## Example
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** добавить модель заказа.

    ## Файлы
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    - **Анализ:** добавить модель заказа.
    - **Операции файловой системы:** `mkdir -p apps/orders`.
    - **Архитектурные решения:** суммы хранятся в центах.

    ## Файлы
    ~~~
    """

    code = "DJA301"
    name = "reasoning-parts"
    family = "answers"
    seed = "§12"
    message = (
        "reasoning section lacks the bold label '{label}'; add **{label}:** (seed §12)"
    )
    tool = ANSWER_TOOL


@final
class FileBlockFormat(Violation):
    """A file block of the answer does not follow the filename rule.

    ## What it does
    In `## Файлы`, reports (one finding per offending block): a fenced code
    block whose line right above is not a line holding only a backticked
    relative path; such a path line not directly followed by a fenced block;
    an absolute path, one with a `..` component or one inside `.git`; the
    same path twice (the
    second block). A path holding whitespace is not a path line. Blocks
    reported here are not laid over the project.

    ## Why is this bad?
    Seed §12: "The filename must be on a separate line, enclosed in backticks,
    followed immediately by the code block." Without it nobody (and no tool)
    knows where the code goes; absolute and `..` paths point outside the
    project, and two versions of one file leave the reader guessing.

    ## Example
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** пустой модуль приложения.
    **Операции файловой системы:** `mkdir -p apps/shop`.
    **Архитектурные решения:** нет.

    ## Файлы

    File `apps/shop/__init__.py`:
    ```python
    ```
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** пустой модуль приложения.
    **Операции файловой системы:** `mkdir -p apps/shop`.
    **Архитектурные решения:** нет.

    ## Файлы

    `apps/shop/__init__.py`
    ```python
    ```
    ~~~
    """

    code = "DJA302"
    name = "file-block-format"
    family = "answers"
    seed = "§12"
    message = "{problem}; put each file as a line holding only its backticked relative path, directly followed by its fenced block (seed §12)"
    tool = ANSWER_TOOL


@final
class DiffInsteadOfFile(Violation):
    '''A file block holds a diff instead of the whole file.

    ## What it does
    Reports a file block of `## Файлы` fenced as `diff` or `patch`, or whose
    lines form a unified diff (a `---` line directly followed by a `+++`
    line, and a later `@@ ` hunk header). Files named `*.diff` / `*.patch`
    are files in their own right and are not reported; Markdown and text
    files are judged by their fence only (they may quote a diff). A diff is
    not laid over the project.

    ## Why is this bad?
    Zero Tolerance Directive 4: "If a file is edited, the entire file must be
    returned with all changes applied." A diff cannot be reviewed in context
    and often fails to apply.

    ## Example
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** поправить строку.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    ## Файлы

    `apps/shop/constants.py`
    ```diff
    --- a/apps/shop/constants.py
    +++ b/apps/shop/constants.py
    @@ -1 +1 @@
    -"""Shop constants."""
    +"""Constants of the shop."""
    ```
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** поправить строку.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    ## Файлы

    `apps/shop/constants.py`
    ```python
    """Constants of the shop."""

    CURRENCY = "EUR"
    ```
    ~~~
    '''

    code = "DJA303"
    name = "diff-instead-of-file"
    family = "answers"
    seed = "§0.4"
    message = "{path} is given as a diff; return the entire file with all changes applied (Zero Tolerance Directive 4)"
    tool = ANSWER_TOOL


@final
class DependencyEditedByHand(Violation):
    """The answer's `pyproject.toml` changes dependencies that no `uv` command names.

    ## What it does
    Compares the dependency names (PEP 503 normalised; `[project]
    dependencies`, `[project.optional-dependencies]`, `[dependency-groups]`,
    `[tool.uv] dev-dependencies`) of a `pyproject.toml` block with the
    project's file at the same path (none: no dependencies) and reports,
    once per block, the added or removed packages that no `uv add` /
    `uv remove` command in the reasoning section names. Reported on the
    line of the first such package in the block.

    ## Why is this bad?
    Seed §5.1 forbids editing dependency lists by hand: `uv add` resolves the
    version, updates `uv.lock` and proves the package exists. A hand edit
    leaves the lock stale and `uv sync --frozen` fails in the Docker build.

    ## Example
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** нужен HTTP-клиент.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** httpx.

    ## Файлы

    `pyproject.toml`
    ```toml
    [project]
    name = "shop"
    version = "1.0.0"
    dependencies = ["httpx>=0.27"]
    ```
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** нужен HTTP-клиент.
    **Операции файловой системы:** `uv add httpx`.
    **Архитектурные решения:** httpx.

    ## Файлы

    `pyproject.toml`
    ```toml
    [project]
    name = "shop"
    version = "1.0.0"
    dependencies = ["httpx>=0.27"]
    ```
    ~~~
    """

    code = "DJA304"
    name = "dependency-edited-by-hand"
    family = "answers"
    seed = "§5.1"
    message = "dependencies {packages} changed in {path} by hand; list 'uv add' / 'uv remove' for them under Операции файловой системы (seed §5.1)"
    tool = ANSWER_TOOL


@final
class SplitProtocol(Violation):
    """A split answer's `SOLUTION SPLIT` line is misplaced or lists a file it already gives.

    ## What it does
    Finds lines (outside code blocks) of the form
    `SOLUTION SPLIT: PART N — CONTINUE? (remaining: …)`, bold or not, and
    reports one that is not the answer's last non-empty line, or whose
    remaining list (comma separated, backticks optional) names a file this
    part already contains.

    ## Why is this bad?
    Seed §12 splitting protocol: the part ends with that line and waits for
    the user; no file may be split across parts, so a file of this part
    cannot also be "remaining".

    ## Example
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** две части.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    **SOLUTION SPLIT: PART 1 — CONTINUE? (remaining: `apps/shop/urls.py`)**

    ## Файлы

    `apps/shop/__init__.py`
    ```python
    ```
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** две части.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    ## Файлы

    `apps/shop/__init__.py`
    ```python
    ```

    **SOLUTION SPLIT: PART 1 — CONTINUE? (remaining: `apps/shop/urls.py`)**
    ~~~
    """

    code = "DJA305"
    name = "split-protocol"
    family = "answers"
    seed = "§12"
    message = "split line {problem}; end the part with it and list only files still to come (seed §12 splitting protocol)"
    tool = ANSWER_TOOL


@final
class ReasoningLanguage(Violation):
    """The reasoning section is not written in Russian.

    ## What it does
    Reports, on the `## Цепочка мыслей` heading, a reasoning section whose
    body (the heading excluded) contains no Cyrillic letter at all.

    ## Why is this bad?
    Seed §4.4: code, comments and docstrings are English, the reasoning is
    Russian. An English reasoning section usually means the assistant did not
    follow the rulebook at all.

    ## Example
    ~~~markdown
    ## Цепочка мыслей

    Add the order model and its service.

    ## Файлы
    ~~~

    ## Use instead
    ~~~markdown
    ## Цепочка мыслей

    **Анализ:** добавить модель заказа и её сервис.
    **Операции файловой системы:** нет.
    **Архитектурные решения:** нет.

    ## Файлы
    ~~~
    """

    code = "DJA306"
    name = "reasoning-language"
    family = "answers"
    seed = "§4.4"
    message = "reasoning section has no Russian text; write the Цепочка мыслей in Russian (seed §4.4)"
    tool = ANSWER_TOOL
