"""djarch-nginx: DJA160-DJA161, header inheritance, includes, noqa, exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from djarch_hooks.common import check_path
from djarch_hooks.nginx import check_conf, main
from hooks_testlib import FIXTURES, codes, script

if TYPE_CHECKING:
    from pathlib import Path

GOOD = FIXTURES / "nginx" / "good" / "nginx.conf"
BAD = FIXTURES / "nginx" / "bad" / "nginx.conf"
STATIC = "location /static/ { alias /app/staticfiles/; }\n"


def run(tmp_path: Path, text: str, name: str = "nginx.conf") -> list:
    """Run.

    Args:
        tmp_path: A fresh temporary directory.
        text: The input text.
        name: The file name.

    Returns:
        The result.
    """
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return check_path(str(path), check_conf)


def test_good_fixture_is_clean() -> None:
    assert check_path(str(GOOD), check_conf) == []


def test_bad_fixture() -> None:
    found = check_path(str(BAD), check_conf)
    assert sorted((item.code, item.line) for item in found) == [
        ("DJA160", 6),
        ("DJA161", 1),
    ]


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        (
            "location / { proxy_pass http://app:8000; proxy_set_header X-Forwarded-Proto $scheme; }",
            False,
        ),
        (
            "proxy_set_header x-forwarded-proto $scheme; location / { proxy_pass http://app:8000; }",
            False,
        ),
        (
            "proxy_set_header X-Forwarded-Proto $scheme; location / { proxy_set_header Host $host; proxy_pass http://app:8000; }",
            True,
        ),
        ("location / { proxy_pass http://app:8000; }", True),
        ("location / { if ($x) { proxy_pass http://app:8000; } }", True),
        ("location / { include proxy_params; proxy_pass http://app:8000; }", False),
        ("location / { return 200; }", False),
    ],
)
def test_dja160_forwarded_proto(tmp_path: Path, server: str, *, expected: bool) -> None:
    text = f"events {{}}\nhttp {{\n server {{\n {STATIC} {server}\n }}\n}}\n"
    assert ("DJA160" in codes(run(tmp_path, text))) is expected


def test_dja160_follows_relative_includes(tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "proxy.conf").write_text(
        "proxy_set_header X-Forwarded-Proto $scheme;\n", encoding="utf-8"
    )
    text = (
        "events {}\nhttp {\n server {\n "
        + STATIC
        + " location / { include snippets/proxy.conf; proxy_pass http://app; }\n }\n}\n"
    )
    assert codes(run(tmp_path, text)) == []


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("location /static/ { alias /app/staticfiles/; }", False),
        ("location ^~ /static/ { root /app; }", False),
        ("location /static { alias /app/staticfiles; }", False),
        (
            "location /static/ { proxy_pass http://app:8000; proxy_set_header X-Forwarded-Proto $scheme; }",
            True,
        ),
        ("location /media/ { alias /app/media/; }", True),
    ],
)
def test_dja161_static_location(
    tmp_path: Path, location: str, *, expected: bool
) -> None:
    text = f"events {{}}\nhttp {{\n server {{\n listen 80;\n {location}\n }}\n}}\n"
    assert ("DJA161" in codes(run(tmp_path, text))) is expected


def test_dja161_found_through_conf_d(tmp_path: Path) -> None:
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "conf.d" / "site.conf").write_text(
        "server {\n " + STATIC + "}\n", encoding="utf-8"
    )
    assert (
        codes(
            run(
                tmp_path,
                "events {}\nhttp { include conf.d/*.conf; include mime.types; }\n",
            )
        )
        == []
    )


def test_noqa(tmp_path: Path) -> None:
    text = "# noqa: DJA161\nevents {}\nhttp { server {\n location / { proxy_pass http://app; }  # noqa: DJA160\n} }\n"
    assert codes(run(tmp_path, text)) == []


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(GOOD), str(tmp_path / "notes.txt")]) == 0
    assert main([str(BAD)]) == 1
    broken = tmp_path / "broken.conf"
    broken.write_text("http { server { location / {\n", encoding="utf-8")
    assert main([str(broken)]) == 2
    garbage = tmp_path / "garbage.conf"
    garbage.write_bytes(b"\x00\x01\x02")
    assert main([str(garbage)]) == 2
    assert main([str(tmp_path / "missing.conf")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 3


def test_console_script() -> None:
    result = script("djarch-nginx", str(BAD))
    assert result.returncode == 1
    assert "DJA160" in result.stdout
