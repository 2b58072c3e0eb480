/**
 * The master key of test databases and of the servers tests spawn (vitest-projects sets DATA_KEY
 * to it). Fixed so a failing run can be inspected; never used outside tests.
 */
export const TEST_DATA_KEY = 'dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMtISE=';
