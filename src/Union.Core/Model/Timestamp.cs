// A nanosecond timestamp as the kernel keeps it (seconds since the epoch plus nanoseconds).
namespace Union.Core;

/// <summary>Seconds since 1970-01-01 UTC plus nanoseconds, without loss.</summary>
public readonly record struct Timestamp(long Seconds, uint Nanoseconds)
{
    public static Timestamp Now()
    {
        long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        return new(ticks / TimeSpan.TicksPerSecond, (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }

    public DateTime ToDateTime() =>
        DateTime.UnixEpoch.AddTicks(Seconds * TimeSpan.TicksPerSecond + Nanoseconds / 100);

    public static Timestamp FromDateTime(DateTime utc)
    {
        long ticks = utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        long sec = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0) { sec--; rem += TimeSpan.TicksPerSecond; }
        return new(sec, (uint)(rem * 100));
    }
}
