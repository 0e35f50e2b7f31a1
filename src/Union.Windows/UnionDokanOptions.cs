// How the Windows adapter presents the union: who owns new entries, the volume's name and serial, and where
// it reports what it had to skip or could not do (entries without a Windows form, failed deletes at Cleanup).
using Union.Core;

namespace Union.Windows;

internal sealed record UnionDokanOptions
{
    // Owner of new entries in the upper layer (only honoured when the engine runs as root on Linux).
    public Caller Caller { get; init; } = new(0, 0);

    // At most 32 characters (dokan.h); Explorer shows it next to the drive letter.
    public string VolumeLabel { get; init; } = "union";

    public uint VolumeSerialNumber { get; init; } = 0x554E494F;

    public Action<string>? Trace { get; init; }
}
