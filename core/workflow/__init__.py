"""The work-order process of policy §3 to §7: orders, deadlines, timers, grading, repeats, groups,
results and revisits. Every function here runs inside the caller's unit of work."""
