"""Settings for the test suite: a throw-away data folder per process, fast password hashing."""

import hashlib
import os
import tempfile
from pathlib import Path

os.environ.setdefault("DAYONE_HOME", tempfile.mkdtemp(prefix="dayone-test-"))

from dayone.server.config.settings import *  # noqa: F403
from dayone.server.config.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The collected static files outlive a test run (collecting takes seconds), one folder per checkout;
# tests/conftest.py collects them again when a file changed.
_checkout = hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:10]
STATIC_ROOT = Path(tempfile.gettempdir()) / f"dayone-test-static-{os.getuid()}-{_checkout}"

# Pages print their deck's PDF ahead of the reader on a thread; tests that check it turn it on.
DAYONE_PRINT_AHEAD = "off"
