"""Stand-alone reference implementations of the assignments, for instructors and benchmarks.

Each module is a tested, readable version of what an assignment teaches (the notebook's solution
cells are the graded reference; these are faster or bigger versions of them).  Nothing here is
released to students: the package lives outside source/ and release/.
"""
