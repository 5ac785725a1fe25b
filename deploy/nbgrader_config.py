"""nbgrader settings for every account on the hub (installed as <env>/etc/jupyter/nbgrader_config.py).

The exchange is one shared folder; each course has its own folder in it (path_includes_course),
and nbgrader asks the hub which courses a user belongs to (the nbgrader-<course> group for
students, formgrade-<course> for instructors), as nbgrader's "Using nbgrader with JupyterHub" says.
"""

import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 (nbgrader provides get_config)
c.Exchange.root = os.environ.get("SUCCESSION_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True
c.Authenticator.plugin_class = JupyterHubAuthPlugin
