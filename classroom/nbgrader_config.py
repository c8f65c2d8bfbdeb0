"""nbgrader's settings for the learners' servers: where the course's assignments are fetched from and submitted to.

Installed into the learners' environment as ``$LEARNER_ENV/etc/jupyter/nbgrader_config.py`` (README "Grade a
class"), where nbgrader's JupyterLab extension (the Assignments tab) and its command line find it. A learner submits
under their hub name (``JUPYTERHUB_USER``), the id their notebooks draw their numbers from (gdviz.lessons.grading).
"""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "gdviz"
c.Exchange.root = os.environ.get("GDVIZ_NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
