"""Demo and national test data: outside the runtime package `wts`, installed only in development,
in tests and under the benchmark settings, so production never ships accounts with a published password."""
