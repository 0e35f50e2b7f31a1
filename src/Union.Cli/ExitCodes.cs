// The exit codes of `union`, and the exception that carries a usage error to the top.
namespace Union.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

/// <summary>Bad input: the message is printed as one line and the exit code is 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
