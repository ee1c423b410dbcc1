"""Custom user model rules (seed §2.1)."""

from __future__ import annotations

from typing import final

from flake8_djarch.violations.base import Violation


@final
class DefaultUserImport(Violation):
    """The default `User` model is imported from `django.contrib.auth.models`.

    ## What it does
    Reports `from django.contrib.auth.models import User` (with or without an
    alias). `AbstractUser`, `AbstractBaseUser` and `get_user_model()` are fine.

    ## Why is this bad?
    The seed mandates a custom user model; code importing Django's `User`
    bypasses `AUTH_USER_MODEL` and breaks as soon as the custom model exists.

    ## Example
    ```python
    # path: apps/shop/services.py
    from django.contrib.auth.models import User
    ```

    ## Use instead
    ```python
    # path: apps/shop/services.py
    from django.contrib.auth import get_user_model

    User = get_user_model()
    ```
    """

    code = "DJA090"
    name = "default-user-import"
    family = "users"
    seed = "§2.1"
    message = "User imported from django.contrib.auth.models; use get_user_model() or settings.AUTH_USER_MODEL"


@final
class HardcodedUserForeignKey(Violation):
    '''A relation points at Django's default user model.

    ## What it does
    Reports `ForeignKey`, `OneToOneField` and `ManyToManyField` whose target is
    `"auth.User"` or the `User` class imported from `django.contrib.auth.models`.

    ## Why is this bad?
    Relations must follow `settings.AUTH_USER_MODEL` so that they point at the
    project's custom user model.

    ## Example
    ```python
    # path: apps/shop/models.py
    from django.db import models


    class Order(models.Model):
        """An order."""

        owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)
    ```

    ## Use instead
    ```python
    # path: apps/shop/models.py
    from django.conf import settings
    from django.db import models


    class Order(models.Model):
        """An order."""

        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    ```
    '''

    code = "DJA091"
    name = "hardcoded-user-fk"
    family = "users"
    seed = "§2.1"
    message = "{field} targets {target}; point it at settings.AUTH_USER_MODEL"


@final
class UserModelBase(Violation):
    '''A model named `User` is not built on Django's abstract user classes.

    ## What it does
    In models modules, reports a class named `User` whose ancestry does not
    reach `AbstractUser` or `AbstractBaseUser`. Bases that cannot be resolved
    statically are not judged.

    ## Why is this bad?
    The seed requires the custom user model to inherit from `AbstractUser` or
    `AbstractBaseUser`, so authentication, permissions and admin keep working.

    ## Example
    ```python
    # path: apps/users/models.py
    from django.db import models


    class User(models.Model):
        """A user."""

        email = models.EmailField(unique=True)
    ```

    ## Use instead
    ```python
    # path: apps/users/models.py
    from django.contrib.auth.models import AbstractUser
    from django.db import models


    class User(AbstractUser):
        """A user."""

        email = models.EmailField(unique=True)
    ```
    '''

    code = "DJA092"
    name = "user-model-base"
    family = "users"
    seed = "§2.1"
    message = "model User does not inherit from AbstractUser or AbstractBaseUser; subclass one of them"
