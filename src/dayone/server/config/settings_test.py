"""Settings for the test suite: a throw-away data folder per process, fast password hashing."""

import os
import tempfile

os.environ.setdefault("DAYONE_HOME", tempfile.mkdtemp(prefix="dayone-test-"))

from dayone.server.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
