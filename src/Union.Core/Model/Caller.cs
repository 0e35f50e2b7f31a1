// Who asks for a new entry: it is created owned by them, as a kernel filesystem would.
namespace Union.Core;

/// <summary>The credentials new entries get (uid/gid of the calling process).</summary>
public readonly record struct Caller(uint Uid, uint Gid);
