"""Loaded with `-p` before pytest-django reads the settings: tests speak plain HTTP.

(The test client and the live server have no TLS; production keeps HTTPS on by default.)
"""

import os

os.environ.setdefault("HTTPS", "false")
