// The runtime loop sets the process-wide _X_AMZN_TRACE_ID per invocation, as Lambda's own runtimes do; functions
// running side by side in one test process would overwrite each other's, so the test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
