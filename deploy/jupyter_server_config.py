"""Jupyter server settings for the hub's single-user servers (installed as <env>/etc/jupyter/).

Idle kernels are shut down, in JupyterLab and in Voila pages alike (Voila, as a server
extension at /voila/render/..., uses this server's kernel manager): each lesson's kernel holds
about 150 MB, and a class of thirty leaves many behind. The hub's idle culler then stops the
servers with nothing running.
"""

import os

c = get_config()  # noqa: F821 (Jupyter provides get_config)

minutes = int(os.environ.get("SUCCESSION_CULL_KERNELS_AFTER_MINUTES", "20"))
c.MappingKernelManager.cull_idle_timeout = minutes * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = True  # a tab left open all day still frees its kernel
c.MappingKernelManager.cull_busy = False  # never stop a cell that is running
# A server with no kernels and no browser open stops by itself after an hour too.
c.ServerApp.shutdown_no_activity_timeout = (
    int(os.environ.get("SUCCESSION_STOP_SERVER_AFTER_MINUTES", "60")) * 60
)

# Only the grader account (the formgrader service) runs the formgrader; students and
# instructors' own servers fetch and submit. nbgrader enables all of them by default.
# (On Zero to JupyterHub the instructor's own server is the grader: SUCCESSION_ROLE=grader.)
service = (
    bool(os.environ.get("JUPYTERHUB_SERVICE_NAME")) or os.environ.get("SUCCESSION_ROLE") == "grader"
)
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": service,
    "nbgrader.server_extensions.assignment_list": not service,
    "nbgrader.server_extensions.course_list": not service,
}

# Offline classroom: JupyterLab does not fetch news or look for updates.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

# Terminals keep the server's PATH (the hub's environment first: `python -m succession grade`,
# `nbgrader`); a login shell would reset it from /etc/profile.
c.ServerApp.terminado_settings = {"shell_command": ["/bin/bash"]}
