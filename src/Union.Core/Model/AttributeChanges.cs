// Which attributes a setattr changes: mirrors FATTR_* on Linux and SetBasicInfo/SetEndOfFile on Windows.
namespace Union.Core;

/// <summary>A set of attribute changes; a null field is left alone.</summary>
public readonly record struct AttributeChanges
{
    public uint? Mode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
    public long? Size { get; init; }
    /// <summary>New access time; <see cref="TimeChange.Now"/> takes the current time.</summary>
    public TimeChange? AccessTime { get; init; }
    public TimeChange? ModifyTime { get; init; }
    /// <summary>
    /// Clear setuid, and setgid where the group may execute, as a write, truncate or chown by a caller without
    /// CAP_FSETID does (regular files only).
    /// </summary>
    public bool KillSetId { get; init; }

    public bool ChangesOwner => Uid is not null || Gid is not null;
}

/// <summary>A timestamp to set, or "now" (UTIME_NOW).</summary>
public readonly record struct TimeChange(Timestamp Value, bool Now)
{
    public static TimeChange To(Timestamp t) => new(t, false);
    public static TimeChange ToNow() => new(default, true);
}
