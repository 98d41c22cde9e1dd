# ruff: noqa: E501  (data rows are kept on one line each)
"""Subjects and weekly lessons per subject and grade (``subjects.csv``, ``curriculum.csv``).

Grades 1-9 are the complete plan of Rīgas 40. vidusskola (R40) under the Skola2030 standard
(``curriculum-hours.md`` §2.1, grade C, https://www.r40vsk.lv/lv/macdarbs/izglprog/ via the
thesis dataset ``sofijanagibina/bachelor-thesis-timetable-optimization``), mapped onto the
model's subject codes. Grades 10-12 are a documented average of the R40 and Rīgas Angļu
ģimnāzija plans (§3) with a realistic mix of advanced courses. Both are *school plans, not the
standard* (MK 747 / MK 416 Annex 11 were not readable), so every row is ``synthesized``.
"""

from __future__ import annotations

import pandas as pd

from ikm_sim.data.schema import GRADES

#: (code, name_lv, name_en, area, level, split_groups)
SUBJECTS: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("PRI", "Sākumskolas skolotājs (1.–3. klase)", "Primary class teacher (grades 1–3)", "primary (grades 1–3, all areas)", "school", False),
    ("LAT", "Latviešu valoda un literatūra", "Latvian language and literature", "languages", "school", False),
    ("ENG", "Angļu valoda", "English (first foreign language)", "languages", "school", True),
    ("FL", "Citas svešvalodas", "Other foreign languages (second foreign language, minority language)", "languages", "school", True),
    ("MAT", "Matemātika", "Mathematics", "mathematics", "school", False),
    ("CS", "Datorika un programmēšana", "Computing and programming", "technology", "school", True),
    ("DT", "Dizains un tehnoloģijas, inženierzinības", "Design and technology, engineering", "technology", "school", True),
    ("PHY", "Fizika", "Physics", "natural sciences", "school", False),
    ("CHE", "Ķīmija", "Chemistry", "natural sciences", "school", False),
    ("BIO", "Bioloģija un dabaszinības", "Biology and natural science (grades 4–6)", "natural sciences", "school", False),
    ("GEO", "Ģeogrāfija", "Geography", "natural sciences", "school", False),
    ("HIS", "Vēsture un sociālās zinības", "History and social studies (incl. culture basics)", "social and civic", "school", False),
    ("ART", "Vizuālā māksla un teātris", "Visual art and theatre (incl. culture and arts)", "culture and arts", "school", False),
    ("MUS", "Mūzika", "Music", "culture and arts", "school", False),
    ("SPO", "Sports un veselība", "Sport and health", "health and physical activity", "school", False),
    ("PRE", "Pirmsskolas skolotājs", "Preschool teacher", "preschool", "preschool", False),
    ("OTH", "Citi pedagogi", "Other pedagogues (leaders, support, special-needs and interest education)", "support and leadership", "other", False),
)  # fmt: skip

#: Codes of the subjects taught in school lessons (curriculum rows).
LESSON_SUBJECTS = tuple(s[0] for s in SUBJECTS if s[4] == "school")

#: Weekly lessons per class, grades 1..12. Grades 1-9: R40 (§2.1) mapped as
#: PRI = Latvian + maths + natural science + social studies + design & technology + visual art
#: in grades 1-3; LAT = Latvian + literature; FL = 2nd FL; CS = datorika; DT = design &
#: technology + engineering; BIO = natural science (4-6) / biology (7-9); HIS = social studies
#: (+ history); ART = visual art + theatre. R40 shows no art or music in grade 9 (kept as is).
#: Grades 10-12: estimate averaging R40 and Rīgas Angļu ģimnāzija general courses with about a
#: third of pupils taking each typical advanced course (maths II, English II, physics II,
#: programming II, social sciences II); 32 / 33.5 / 32.5 lessons a week, 98 over the three
#: years (the Angļu ģimnāzija minimum is 96). Project work and specialised courses are not mapped.
CURRICULUM: dict[str, tuple[float, ...]] = {
    #      1    2    3    4    5    6    7    8    9   10   11   12
    "PRI": (16, 16, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "LAT": (0, 0, 0, 6, 7, 6, 4, 5, 5, 4.5, 4.5, 3.5),
    "ENG": (2, 2, 3, 3, 3, 3, 3, 3, 3, 3.5, 3.5, 4.0),
    "FL": (0, 0, 0, 0, 2, 3, 3, 3, 3, 2.5, 2.5, 2.5),
    "MAT": (0, 0, 0, 5, 5, 5, 5, 5, 5, 5.0, 6.0, 6.0),
    "CS": (0, 0, 0, 1, 1, 1, 1, 1, 2, 2.0, 2.0, 2.0),
    "DT": (0, 0, 0, 1, 1, 1, 1, 1, 2, 0.5, 1.0, 1.5),
    "PHY": (0, 0, 0, 0, 0, 0, 1, 2, 2, 2.0, 2.0, 2.5),
    "CHE": (0, 0, 0, 0, 0, 0, 1, 2, 2, 2.0, 1.5, 1.5),
    "BIO": (0, 0, 0, 2, 2, 2, 2, 2, 2, 1.5, 1.5, 1.5),
    "GEO": (0, 0, 0, 0, 0, 0, 1, 2, 2, 1.0, 1.5, 1.0),
    "HIS": (0, 0, 0, 2, 2, 2, 3, 3, 3, 4.0, 3.0, 2.5),
    "ART": (0, 0, 0, 1, 1, 2, 3, 1, 0, 1.0, 1.5, 1.0),
    "MUS": (2, 2, 1, 2, 1, 2, 2, 1, 0, 0.0, 0.0, 0.0),
    "SPO": (2, 3, 3, 3, 3, 3, 2, 3, 3, 2.5, 3.0, 3.0),
}


def build_subjects() -> pd.DataFrame:
    """Return the ``subjects`` table (17 teaching groups)."""
    cols = ["code", "name_lv", "name_en", "area", "level", "split_groups"]
    return pd.DataFrame(list(SUBJECTS), columns=cols)


def build_curriculum() -> pd.DataFrame:
    """Return the ``curriculum`` table: every (school subject, grade) pair, zeros included."""
    rows = [
        (s, g, float(CURRICULUM[s][g - 1]), "synthesized") for s in LESSON_SUBJECTS for g in GRADES
    ]
    return pd.DataFrame(rows, columns=["subject", "grade", "weekly_lessons", "status"])
