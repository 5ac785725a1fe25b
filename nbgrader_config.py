"""nbgrader configuration: this repository is an nbgrader course.

solutions/ holds the instructor versions (nbgrader's "source" folder) and exercises/
the student versions that `nbgrader generate_assignment` makes from them (its "release"
folder). Regenerate exercises/ with `python -m succession release`, which runs nbgrader
in a temporary copy so that no gradebook or log lands in the repository.

If you copy the assignments into a course of your own, copy the settings below as well
(INSTRUCTORS.md explains each one): without them, feedback shows students the hidden tests.

`python -m succession grade` grades in a course folder of its own, made from this file plus a
few settings of its own: the kernel in a bubblewrap sandbox, a cell that stops the kernel costing
only that cell (succession.grading.execute), and `nbgrader export` leaving what was not graded
blank. Plain `nbgrader autograde` here runs students' code with your rights: prefer the command.
"""
c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "succession"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Seconds per cell when autograding. Every cell of these notebooks runs in a few seconds;
# a student's endless loop is interrupted after this, and grading moves on.
c.Execute.timeout = 30

# One-line tracebacks ("AssertionError: the hint") in the grading kernel. A full traceback
# prints the lines around the failing one, which would show hidden tests in the feedback.
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Minimal"]

# A test cell the student deleted is put back and run (nbgrader's default leaves it
# ungraded, waiting for a person to grade it).
c.OverwriteCells.add_missing_cells = True

# Feedback shows the test cells without their hidden part.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
