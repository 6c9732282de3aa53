"""The one error tree of supatools, and the exit code each branch means.

::

    SupatoolsError                    base; carries ``exit_code``
    ├── UsageError          (exit 2)  bad usage or bad input
    │   ├── ConfigError                 configuration missing or malformed
    │   └── MigrationFileError          a migration file breaks a rule
    ├── JobFailed           (exit 1)  the job ran and failed
    │   ├── MigrationFailed             a migration's SQL failed (rolled back)
    │   └── PlanRefused                 drift, out-of-order or unmet ``requires``
    └── EnvironmentFailure  (exit 3)  the environment failed
        ├── ConnectError                cannot connect, auth refused, timeout
        ├── LockTimeout                 the migration lock was not acquired in time
        └── LocalServerError            the embedded PostgreSQL cannot start

The CLI catches ``SupatoolsError`` in one place, prints ``error: <message>`` on
stderr and exits with ``exit_code``. Every message says what to do next.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3


class SupatoolsError(Exception):
    """Base of every expected failure; ``exit_code`` is the contract's code."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(SupatoolsError):
    """Bad usage or bad input (exit 2)."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """Configuration is missing or malformed."""


class MigrationFileError(UsageError):
    """A migration file breaks the naming rule, cannot be read or cannot run as written."""


class JobFailed(SupatoolsError):
    """The job ran and failed (exit 1)."""

    exit_code = EXIT_FAILED


class MigrationFailed(JobFailed):
    """A migration's SQL failed; that migration was rolled back."""


class PlanRefused(JobFailed):
    """The plan is unsafe to run: drift, out-of-order versions or unmet requirements."""


class EnvironmentFailure(SupatoolsError):
    """The environment failed (exit 3): network, authentication, timeouts, locks."""

    exit_code = EXIT_ENVIRONMENT


class ConnectError(EnvironmentFailure):
    """The database could not be reached or refused the credentials."""


class LockTimeout(EnvironmentFailure):
    """Another run held the migration lock for longer than the lock-wait timeout."""


class LocalServerError(EnvironmentFailure):
    """The embedded PostgreSQL could not be found, initialised or started."""
