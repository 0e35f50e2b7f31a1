// A mount request assembled from --flags and the kernel overlayfs spelling (-o lowerdir=A:B,upperdir=U,workdir=W),
// checked before anything is created: every bad input becomes a UsageException with one line.
namespace Union.Cli.Commands;

using Union.Core;
using Union.Linux.Fuse;

internal sealed record MountRequest
{
    public List<string> Lowers { get; } = [];
    public string? Upper { get; set; }
    public string? Work { get; set; }
    public required string MountPoint { get; init; }
    public WhiteoutFormat Whiteout { get; set; } = WhiteoutFormat.Oci;
    public bool Passthrough { get; set; } = true;
    public bool ReadOnly { get; set; }
    public bool? AllowOther { get; set; }
    public bool? DefaultPermissions { get; set; }
    /// <summary>Where the kernel checks permissions, it checks POSIX ACLs too (noacl: mode bits only).</summary>
    public bool Acl { get; set; } = true;
    public bool Volatile { get; set; }
    public bool UserXattrs { get; set; }
    public bool CaseInsensitive { get; set; }
    public int Threads { get; set; }
    public int? SpinMicroseconds { get; set; }
    /// <summary>FUSE over io_uring when the kernel offers it (io_uring: and say why not; noio_uring: never).</summary>
    public IoUringUse IoUring { get; set; } = IoUringUse.WhenOffered;
    public bool Debug { get; set; }
    /// <summary>How much the daemon says on stderr (or the journal under systemd): error, info or debug.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Error;
    /// <summary>Kernel cache lifetimes in seconds (libfuse spelling); null keeps the adapter's defaults.</summary>
    public double? EntryTimeout { get; set; }
    public double? AttributeTimeout { get; set; }
    public double? NegativeTimeout { get; set; }

    /// <summary>Options mount(8) passes along that mean nothing to a union; accepted and ignored.</summary>
    private static readonly HashSet<string> Ignored =
        ["rw", "defaults", "auto", "noauto", "nofail", "_netdev", "user", "nouser", "users", "dev", "nodev", "suid",
         "nosuid", "exec", "noexec", "atime", "noatime", "relatime", "strictatime", "nodiratime", "async"];

    public void ApplyOptions(IEnumerable<string> optionGroups)
    {
        foreach (var group in optionGroups)
        foreach (var raw in group.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = raw.IndexOf('=') is var eq and >= 0 ? (raw[..eq], raw[(eq + 1)..]) : (raw, null);
            switch (key)
            {
                case "lowerdir": Lowers.AddRange(Required(key, value).Split(':', StringSplitOptions.RemoveEmptyEntries)); break;
                case "upperdir": Upper = Required(key, value); break;
                case "workdir": Work = Required(key, value); break;
                case "whiteout": Whiteout = ParseWhiteout(Required(key, value)); break;
                case "ro": ReadOnly = true; break;
                case "allow_other": AllowOther = true; break;
                case "default_permissions": DefaultPermissions = true; break;
                case "acl": Acl = true; break;
                case "noacl": Acl = false; break;
                case "volatile": Volatile = true; break;
                case "userxattr": UserXattrs = true; break;
                case "passthrough": Passthrough = true; break;
                case "nopassthrough": Passthrough = false; break;
                case "casefold": CaseInsensitive = true; break;
                case "threads": Threads = ParseThreads(Required(key, value)); break;
                case "spin": SpinMicroseconds = ParseSpin(Required(key, value)); break;
                case "io_uring": IoUring = IoUringUse.Requested; break;
                case "noio_uring": IoUring = IoUringUse.Never; break;
                case "debug": Debug = true; break;
                case "log_level": LogLevel = ParseLogLevel(Required(key, value)); break;
                case "entry_timeout": EntryTimeout = ParseSeconds(key, Required(key, value)); break;
                case "attr_timeout": AttributeTimeout = ParseSeconds(key, Required(key, value)); break;
                case "negative_timeout": NegativeTimeout = ParseSeconds(key, Required(key, value)); break;
                default:
                    if (!Ignored.Contains(key)) throw new UsageException($"unknown mount option '{raw}'");
                    break;
            }
        }
    }

    public static WhiteoutFormat ParseWhiteout(string value) => value switch
    {
        "oci" => WhiteoutFormat.Oci,
        "overlay" => WhiteoutFormat.Overlay,
        _ => throw new UsageException($"unknown whiteout format '{value}': use oci or overlay"),
    };

    public static LogLevel ParseLogLevel(string value) => value switch
    {
        "error" => LogLevel.Error,
        "info" => LogLevel.Info,
        "debug" => LogLevel.Debug,
        _ => throw new UsageException($"unknown log level '{value}': use error, info or debug"),
    };

    private static double ParseSeconds(string key, string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s)
        && s is >= 0 and <= 31_536_000 ? s : throw new UsageException($"{key} must be seconds from 0 to 31536000, not '{value}'");

    public static int ParseThreads(string value) =>
        int.TryParse(value, out int n) && n is >= 1 and <= 64 ? n : throw new UsageException($"threads must be 1..64, not '{value}'");

    private static int ParseSpin(string value) =>
        int.TryParse(value, out int n) && n is >= 0 and <= 10_000 ? n : throw new UsageException($"spin must be 0..10000 microseconds, not '{value}'");

    private static string Required(string key, string? value) =>
        string.IsNullOrEmpty(value) ? throw new UsageException($"mount option '{key}' needs a value") : value;

    /// <summary>The checks of the mountpoint and the option combinations; layers are checked by the engine.</summary>
    public void Validate()
    {
        if (Lowers.Count == 0) throw new UsageException("give at least one lower layer (--lower DIR or -o lowerdir=DIR)");
        if (ReadOnly && Upper is not null) throw new UsageException("'ro' conflicts with an upper layer: drop one of them");
        if (Upper is null && Work is not null) throw new UsageException("a work directory needs an upper layer (--upper)");
        if (Upper is not null && Work is null) throw new UsageException("an upper layer needs a work directory (--work) on the same filesystem");
        // A Windows drive letter does not exist before the mount; Dokan itself reports one in use.
        if (OperatingSystem.IsWindows() && Union.Windows.WindowsMountPoint.IsDriveLetter(MountPoint)) return;
        var mountPoint = Full(MountPoint);
        if (!Directory.Exists(mountPoint))
            throw new UsageException(File.Exists(mountPoint)
                ? $"mountpoint '{mountPoint}' is not a directory"
                : $"mountpoint '{mountPoint}' does not exist: create it first");
        foreach (var layer in Lowers.Append(Upper).Append(Work).OfType<string>())
        {
            var full = Full(layer);
            if (mountPoint == full || Inside(mountPoint, full) || Inside(full, mountPoint))
                throw new UsageException($"mountpoint '{mountPoint}' and layer '{full}' overlap; mount somewhere else");
        }
        if (OperatingSystem.IsLinux() && Linux.MountTable.IsMountPoint(mountPoint) &&
            Linux.MountTable.Unions().Any(m => m.MountPoint == mountPoint))
            throw new UsageException($"'{mountPoint}' is already a union mount: unmount it first ('union unmount {mountPoint}')");
    }

    public UnionOptions ToUnionOptions() => new()
    {
        Lowers = Lowers.Select(Full).ToList(),
        Upper = Upper is null ? null : Full(Upper),
        Work = Work is null ? null : Full(Work),
        WhiteoutFormat = Whiteout,
        Volatile = Volatile,
        UserXattrs = UserXattrs ? true : null,
        CaseInsensitive = CaseInsensitive,
    };

    public static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static bool Inside(string path, string root) => path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
