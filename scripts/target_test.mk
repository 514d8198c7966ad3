# target_test.mk - the on-target test images (see below).
