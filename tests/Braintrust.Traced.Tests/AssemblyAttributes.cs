// The runtime keeps one current logger per process (BraintrustLogger.Current, TracedCalls): tests that each Init their
// own logger must run one at a time, whatever worker count the test run is given.
[assembly: NonParallelizable]
