"""nbgrader's settings for the gdviz course (README "Grade a class"; tools/make_course.py writes source/).

Run nbgrader's commands in this folder. The exchange, where learners fetch and submit, is /srv/nbgrader/exchange
unless GDVIZ_NBGRADER_EXCHANGE names another folder.
"""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file
c.CourseDirectory.course_id = "gdviz"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.Exchange.root = os.environ.get("GDVIZ_NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
# A cell may run for a minute (a checker stops each of the learner's calls after 2 s).
c.Execute.timeout = 60
