// Why a Dokan mount could not start: library missing or too old, or a DokanCreateFileSystem error code
// (DokanMainResult in dokan.h), each with a message that tells the user what to install or change.
namespace Union.Windows.Dokan;

internal sealed class DokanException : Exception
{
    public const string DownloadUrl = "https://github.com/dokan-dev/dokany/releases";

    // DOKAN_MINIMUM_COMPATIBLE_VERSION: the oldest dokan2.dll whose ABI these mirrors describe.
    public const uint MinimumVersion = 200;

    public DokanException()
    {
    }

    public DokanException(string message)
        : base(message)
    {
    }

    public DokanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokanException(int mountResult, string message)
        : base(message)
    {
        MountResult = mountResult;
    }

    // The DokanCreateFileSystem result, or 0 when the failure happened before the call.
    public int MountResult { get; }

    public static DokanException NotInstalled(Exception inner) =>
        new($"Dokan 2 (dokan2.dll) is not installed. Install the Dokan Library 2.x from {DownloadUrl} and try again.", inner);

    // Returns null when the installed library is new enough.
    public static DokanException? CheckVersion(uint libraryVersion) =>
        libraryVersion >= MinimumVersion
            ? null
            : new($"dokan2.dll reports version {FormatVersion(libraryVersion)}, but at least {FormatVersion(MinimumVersion)} is required. "
                + $"Install a current Dokan Library 2.x from {DownloadUrl}.");

    public static DokanException MountFailed(int result, string mountPoint) =>
        new(result, $"Dokan could not mount '{mountPoint}': {DescribeMountResult(result)}");

    public static string DescribeMountResult(int result) => result switch
    {
        0 => "success.",
        -1 => "general error.",
        -2 => "bad drive letter or the drive letter is in use.",
        -3 => $"the Dokan driver is not installed or could not be reached; install it from {DownloadUrl}.",
        -4 => "the Dokan driver failed to start the volume.",
        -5 => "the mount could not be assigned (is the drive letter or folder already used?).",
        -6 => "invalid mount point: use a free drive letter (\"M:\\\") or an empty NTFS folder.",
        -7 => $"dokan2.dll rejected the options version; install a current Dokan Library 2.x from {DownloadUrl}.",
        _ => $"unknown error {result}.",
    };

    // Dokan encodes versions as decimal digits: 231 is 2.3.1.
    public static string FormatVersion(uint version) => $"{version / 100}.{version / 10 % 10}.{version % 10}";
}
