// The pure domain core shared by the server, the CLI, the client and the tests.
// Nothing here does I/O or reads the clock: callers pass `asOf`.
export const SHARED_VERSION = '0.1.0';
