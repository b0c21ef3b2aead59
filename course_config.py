"""Every setting of the course in one place.

Read by the autograder package (``import course_config``) and by nbgrader
(``nbgrader_config.py`` loads this file), so both graders see the same course.
"""
from pathlib import Path

#: Root of the course repository (nbgrader's course directory).
COURSE_ROOT = Path(__file__).resolve().parent

#: Course title, shown in reports and the README.
COURSE_TITLE = "Machine Learning from an Information-Theoretic Perspective"

#: nbgrader course id (used in the gradebook).
COURSE_ID = "ml-information-theory"

#: The assignments that exist today: id -> settings.
#:   title         -- human title
#:   grader        -- module in autograder.graders holding the hidden checks
#:   cell_timeout  -- seconds one notebook cell may run (nbgrader: Execute.timeout)
#:   call_timeout  -- seconds one graded call may take before it is killed
#:   total_timeout -- seconds for the whole submission; checks left get 0
#:   memory_mb     -- address-space allowance of the student's process beyond
#:                    what NumPy and PyTorch already map
ASSIGNMENTS = {
    "00_probability_foundations": dict(
        title="Distributions, PMF vs PDF", grader="probability_foundations",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "01_entropy_fundamentals": dict(
        title="Entropy and Huffman coding", grader="entropy_fundamentals",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "02_kl_divergence": dict(
        title="KL divergence: relative entropy", grader="kl_divergence",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "03_normal_distributions": dict(
        title="Gaussians and their geometry", grader="normal_distributions",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "04_vae_variational_inference": dict(
        title="ELBO and the VAE", grader="vae_variational_inference",
        cell_timeout=60, call_timeout=30, total_timeout=180, memory_mb=2048),
    "05_logarithm_in_ml": dict(
        title="Why the logarithm", grader="logarithm_in_ml",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "06_probability_ml_concepts": dict(
        title="The Bayesian foundation", grader="probability_ml_concepts",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "07_combinatorics": dict(
        title="Counting", grader="combinatorics",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "08_backpropagation": dict(
        title="Backpropagation: reverse-mode autodiff", grader="backpropagation",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "09_regularization": dict(
        title="Regularisation: priors in disguise", grader="regularization",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "10_batch_normalization": dict(
        title="BatchNorm forward and backward", grader="batch_normalization",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "11_learning_rate": dict(
        title="Learning rates and optimisers", grader="learning_rate",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "12_convolutional_networks": dict(
        title="Convolution and pooling", grader="convolutional_networks",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "13_recurrent_networks": dict(
        title="RNN, LSTM and BPTT", grader="recurrent_networks",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "14_mutual_information": dict(
        title="Mutual information", grader="mutual_information",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "15_information_bottleneck": dict(
        title="The information bottleneck", grader="information_bottleneck",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "16_language_modeling": dict(
        title="Language modelling with character bigrams", grader="language_modeling",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "physics_01_entropy_physics": dict(
        title="Entropy like a physicist", grader="entropy_physics",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
    "physics_02_carnot_cycle": dict(
        title="The Carnot cycle: the limit on heat engines", grader="carnot_cycle",
        cell_timeout=30, call_timeout=10, total_timeout=120, memory_mb=1024),
}

#: Due dates and late work (``grade-all``, and ``nbgrader autograde`` through
#: nbgrader_config.py): assignment id -> settings; an assignment not listed gets
#: LATE_WORK_DEFAULT, and a key not given takes the default's.
#:   due             -- due date, written as nbgrader writes timestamp.txt
#:                      ("2026-12-01 23:59:00 Europe/London"; no zone: UTC), or None
#:                      (nothing is late). The gradebook's own due date wins once it
#:                      has one (set in formgrader or by ``nbgrader db assignment add
#:                      ID --duedate=...``); this one is written into it when it has none
#:   policy          -- what lateness costs: 'none' (recorded only: nbgrader's default),
#:                      'zero' (a late notebook scores 0: nbgrader's penalty_method
#:                      'zero'), 'per_hour' (points_per_hour for each hour late, hours
#:                      rounded to the nearest, as nbgrader's documented SubMarks plugin)
#:   points_per_hour -- the penalty of 'per_hour' per hour late
#: A penalty never exceeds the score (nbgrader's AssignLatePenalties caps it).
LATE_WORK_DEFAULT = dict(due=None, policy="none", points_per_hour=1.0)
LATE_WORK = {}

#: Grade files for a learning management system, written by ``report`` beside
#: grades.csv: reports/canvas.csv and reports/moodle.csv.
LMS = dict(
    # CSV mapping nbgrader student ids to LMS identities, or None (no roster: each
    # student is named by the nbgrader id, with a warning). Relative: from the
    # course root; ``report --roster FILE`` overrides it. Columns (header row; only
    # "id" required): id (nbgrader student id), first_name, last_name, email,
    # lms_user_id (the Canvas user ID; nbgrader's student-import columns so far),
    # sis_user_id, sis_login_id, section (Canvas), idnumber, username (Moodle)
    roster=None,
    # assignment id -> Canvas assignment id (the number Canvas writes in its export's
    # column header "name (id)"), so that the import matches the existing Canvas
    # assignment; without one Canvas matches the column by name or creates it
    canvas_assignment_ids={},
)

#: Named float tolerances used by the graders (relative, absolute).
TOLERANCES = {
    "exact": (1e-12, 1e-12),       # closed forms computed the same way
    "float": (1e-7, 1e-9),         # closed forms, different but stable formulas
    "float32": (1e-5, 1e-6),       # answers computed in single precision
    "gradient": (1e-6, 1e-8),      # analytic gradient vs PyTorch autograd (float64)
    "numerical": (1e-4, 1e-6),     # anything vs central finite differences
    "integral": (1e-5, 1e-7),      # quadrature / trapezoid based answers
    "monte_carlo": (5e-2, 5e-2),   # sample averages
}

#: Seed the hidden tests use inside nbgrader (autograde runs are reproducible);
#: the project's own grader draws a fresh seed per run unless --seed is given.
NBGRADER_SEED = 20261121

#: Cells carrying this tag (plots, demos, training runs) are skipped by
#: ``python -m autograder`` when it loads a submission.
SKIP_TAG = "demo"

#: Sandbox settings for student code.
SANDBOX = dict(
    max_open_files=256,      # RLIMIT_NOFILE
    max_file_mb=16,          # RLIMIT_FSIZE: largest file (and captured output)
    scratch_mb=64,           # size of the tmpfs the student's process works in (its cwd,
                             # HOME, TMPDIR; the only place it may write): all it can
                             # write in total. Its pages are RAM, per student process,
                             # on top of memory_mb: keep it small
    max_message_mb=64,       # largest reply the grader accepts from the student
    max_restarts=16,         # fresh processes after crashes/timeouts, per submission
    same_cpu=True,           # pin each grade-all worker to a CPU of its own and run its
                             # student processes there: every call is a round trip, and
                             # a wake-up on the same CPU is cheaper (autograder/sandbox/cpu.py)
    # modules the zygote imports once, so that no student process pays for them
    preload=("numpy", "torch", "matplotlib.pyplot", "scipy.special", "scipy.stats",
             "sklearn.datasets"),
)

#: Batch grading (``grade-all``), feedback and reports. Relative folders are
#: taken from the course root (nbgrader's course directory layout).
BATCH = dict(
    submitted_dir="submitted",   # nbgrader's submitted/<student>/<assignment>/
    results_dir="results",       # results/<assignment>.jsonl: one record per student
    feedback_dir="feedback",     # feedback/<student>/<assignment>/<assignment>.html
    autograded_dir="autograded", # autograded/<student>/<assignment>/<assignment>.ipynb: the
                                 # graded notebook formgrader shows (nbgrader's
                                 # CourseDirectory.autograded_directory)
    reports_dir="reports",       # reports/<assignment>.html and reports/grades.csv
    grace_seconds=60,            # a worker may exceed total_timeout by this much before
                                 # it is killed and the submission retried once
    progress_seconds=0.5,        # how often the progress line is redrawn (a TTY)
    progress_log_seconds=15,     # how often a progress line is printed (not a TTY)
)

#: Largest submission file accepted, in MB (outputs count: clear them to shrink).
MAX_SUBMISSION_MB = 20

#: How many characters of a student's exception message reach the feedback.
MAX_MESSAGE_CHARS = 400

#: nbgrader settings, applied by nbgrader_config.py.
NBGRADER = dict(
    execute_timeout=120,     # seconds per cell in `nbgrader autograde`
    db_url=f"sqlite:///{COURSE_ROOT / 'gradebook.db'}",
)
