# target_bench.mk - make bench-target (see below).
