"""nbgrader configuration: the course directory is this repository's root.

Every value comes from course_config.py.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course_config  # noqa: E402

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)
c.CourseDirectory.root = str(course_config.COURSE_ROOT)
c.CourseDirectory.course_id = course_config.COURSE_ID
c.CourseDirectory.db_assignments = [dict(name=a) for a in course_config.ASSIGNMENTS]
c.CourseDirectory.db_url = course_config.NBGRADER["db_url"]
c.CourseDirectory.autograded_directory = course_config.BATCH["autograded_dir"]
c.Execute.timeout = course_config.NBGRADER["execute_timeout"]
# Late work costs what course_config.LATE_WORK says, per assignment (as in grade-all).
c.AssignLatePenalties.plugin_class = "autograder.course.nbgrader_plugins.CourseLatePolicy"
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
# Feedback must not show hidden tests, even inside tracebacks.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "autograder.course.nbgrader_plugins.StripHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
