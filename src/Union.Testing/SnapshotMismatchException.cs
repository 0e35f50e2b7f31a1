// Raised by Verify when the changes differ from the approved snapshot; the message says how to approve.
namespace Union.Testing;

public sealed class SnapshotMismatchException(string message) : Exception(message);
