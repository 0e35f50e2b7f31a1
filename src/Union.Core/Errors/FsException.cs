// Carries an FsError through code paths that cannot return one (constructors, the offline commands).
namespace Union.Core;

/// <summary>An engine error raised as an exception at an API edge that cannot return <see cref="FsError"/>.</summary>
public sealed class FsException(FsError error, string message) : Exception(message)
{
    public FsError Error { get; } = error;
}
