// A mistake in the command line or its inputs: scripts/detect prints the message (and the usage)
// and exits 2, without a stack trace.
export class UsageError extends Error {}
