"""Make ``django`` and ``rest_framework`` unimportable in fixture subprocesses."""

import sys


class _Blocker:
    """Meta path finder that refuses the Django and DRF packages."""

    blocked = ("django", "rest_framework")

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        """Refuse blocked top-level packages.

        Args:
            name: The module being imported.
            path: The parent package's path.
            target: The module being reloaded, if any.

        Raises:
            ModuleNotFoundError: For ``django`` and ``rest_framework`` modules.
        """
        if name.split(".", 1)[0] in self.blocked:
            raise ModuleNotFoundError(f"{name} is blocked in this test", name=name)


sys.meta_path.insert(0, _Blocker())
