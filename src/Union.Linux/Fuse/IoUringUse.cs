// Whether a session takes its requests over FUSE-over-io_uring (Linux 6.14+, offered only once root has set the fuse
// module's enable_uring) or reads them from /dev/fuse.
namespace Union.Linux.Fuse;

public enum IoUringUse
{
    /// <summary>Always read /dev/fuse.</summary>
    Never,
    /// <summary>Use the rings when the kernel offers them, /dev/fuse otherwise, without a word.</summary>
    WhenOffered,
    /// <summary>As <see cref="WhenOffered"/>, but say in one log line why the rings are not used.</summary>
    Requested,
}
