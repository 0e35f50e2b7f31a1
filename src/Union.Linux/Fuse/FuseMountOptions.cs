// How a FUSE filesystem is mounted: names shown in /proc/mounts, permission model, read-only, reader threads.
namespace Union.Linux.Fuse;

internal sealed record FuseMountOptions
{
    /// <summary>The mount source shown in /proc/mounts.</summary>
    public string FsName { get; init; } = "unionfs";

    /// <summary>The type is "fuse.&lt;Subtype&gt;".</summary>
    public string Subtype { get; init; } = "unionfs";

    public bool AllowOther { get; init; }

    /// <summary>The kernel checks mode bits itself instead of sending ACCESS and trusting the daemon.</summary>
    public bool DefaultPermissions { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>Reader threads for the session; 0 means clamp(ProcessorCount, 2, 8).</summary>
    public int Threads { get; init; }

    /// <summary>Trace every request (see <see cref="FuseSessionOptions.Trace"/>).</summary>
    public bool Debug { get; init; }

    /// <summary>Optional max_read mount option.</summary>
    public uint MaxRead { get; init; }

    internal string KernelOptions(int fd, uint rootMode, uint uid, uint gid)
    {
        var s = new System.Text.StringBuilder();
        s.Append("fd=").Append(fd)
         .Append(",rootmode=").Append(Convert.ToString(rootMode, 8))
         .Append(",user_id=").Append(uid)
         .Append(",group_id=").Append(gid);
        AppendCommon(s);
        return s.ToString();
    }

    internal string FusermountOptions()
    {
        var s = new System.Text.StringBuilder();
        s.Append("fsname=").Append(Escape(FsName)).Append(",subtype=").Append(Escape(Subtype));
        s.Append(ReadOnly ? ",ro" : ",rw");
        AppendCommon(s);
        return s.ToString();
    }

    private void AppendCommon(System.Text.StringBuilder s)
    {
        if (DefaultPermissions) s.Append(",default_permissions");
        if (AllowOther) s.Append(",allow_other");
        if (MaxRead > 0) s.Append(",max_read=").Append(MaxRead);
    }

    // fusermount3 splits its -o argument on unescaped commas.
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
}
