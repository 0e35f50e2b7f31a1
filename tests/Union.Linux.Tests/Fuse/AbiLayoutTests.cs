// Sizes and field offsets of the linux/fuse.h 7.45 mirrors, against the values measured with gcc on x86_64.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Tests.Fuse;

public class AbiLayoutTests
{
    private static int Off<T>(string field) => (int)Marshal.OffsetOf<T>(field);

    [Fact]
    public void Sizes_match_the_kernel_header()
    {
        Assert.Equal(40, Unsafe.SizeOf<fuse_in_header>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_out_header>());
        Assert.Equal(64, Unsafe.SizeOf<fuse_init_in>());
        Assert.Equal(64, Unsafe.SizeOf<fuse_init_out>());
        Assert.Equal(88, Unsafe.SizeOf<fuse_attr>());
        Assert.Equal(128, Unsafe.SizeOf<fuse_entry_out>());
        Assert.Equal(104, Unsafe.SizeOf<fuse_attr_out>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_getattr_in>());
        Assert.Equal(88, Unsafe.SizeOf<fuse_setattr_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_open_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_open_out>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_create_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_mknod_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_mkdir_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_rename_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_rename2_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_link_in>());
        Assert.Equal(40, Unsafe.SizeOf<fuse_read_in>());
        Assert.Equal(40, Unsafe.SizeOf<fuse_write_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_write_out>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_release_in>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_flush_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_fsync_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_forget_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_batch_forget_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_forget_one>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_getxattr_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_getxattr_out>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_setxattr_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_access_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_interrupt_in>());
        Assert.Equal(80, Unsafe.SizeOf<fuse_kstatfs>());
        Assert.Equal(80, Unsafe.SizeOf<fuse_statfs_out>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_dirent>());
        Assert.Equal(152, Unsafe.SizeOf<fuse_direntplus>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_lseek_in>());
        Assert.Equal(8, Unsafe.SizeOf<fuse_lseek_out>());
        Assert.Equal(32, Unsafe.SizeOf<fuse_fallocate_in>());
        Assert.Equal(56, Unsafe.SizeOf<fuse_copy_file_range_in>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_sx_time>());
        Assert.Equal(256, Unsafe.SizeOf<fuse_statx>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_statx_in>());
        Assert.Equal(288, Unsafe.SizeOf<fuse_statx_out>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_backing_map>());
        Assert.Equal(16, Unsafe.SizeOf<fuse_notify_inval_entry_out>());
        Assert.Equal(24, Unsafe.SizeOf<fuse_notify_inval_inode_out>());
    }

    [Fact]
    public void Header_offsets()
    {
        Assert.Equal(4, Off<fuse_in_header>("opcode"));
        Assert.Equal(8, Off<fuse_in_header>("unique"));
        Assert.Equal(16, Off<fuse_in_header>("nodeid"));
        Assert.Equal(24, Off<fuse_in_header>("uid"));
        Assert.Equal(28, Off<fuse_in_header>("gid"));
        Assert.Equal(32, Off<fuse_in_header>("pid"));
        Assert.Equal(36, Off<fuse_in_header>("total_extlen"));
        Assert.Equal(4, Off<fuse_out_header>("error"));
        Assert.Equal(8, Off<fuse_out_header>("unique"));
    }

    [Fact]
    public void Init_offsets_follow_the_7_45_layout()
    {
        Assert.Equal(12, Off<fuse_init_in>("flags"));
        Assert.Equal(16, Off<fuse_init_in>("flags2"));
        Assert.Equal(20, Off<fuse_init_in>("unused"));
        Assert.Equal(8, Off<fuse_init_out>("max_readahead"));
        Assert.Equal(12, Off<fuse_init_out>("flags"));
        Assert.Equal(16, Off<fuse_init_out>("max_background"));
        Assert.Equal(18, Off<fuse_init_out>("congestion_threshold"));
        Assert.Equal(20, Off<fuse_init_out>("max_write"));
        Assert.Equal(24, Off<fuse_init_out>("time_gran"));
        Assert.Equal(28, Off<fuse_init_out>("max_pages"));
        Assert.Equal(30, Off<fuse_init_out>("map_alignment"));
        Assert.Equal(32, Off<fuse_init_out>("flags2"));
        Assert.Equal(36, Off<fuse_init_out>("max_stack_depth"));
        Assert.Equal(40, Off<fuse_init_out>("request_timeout"));
        Assert.Equal(42, Off<fuse_init_out>("unused"));
    }

    [Fact]
    public void Attr_and_entry_offsets()
    {
        Assert.Equal(48, Off<fuse_attr>("atimensec"));
        Assert.Equal(60, Off<fuse_attr>("mode"));
        Assert.Equal(64, Off<fuse_attr>("nlink"));
        Assert.Equal(76, Off<fuse_attr>("rdev"));
        Assert.Equal(84, Off<fuse_attr>("flags"));
        Assert.Equal(32, Off<fuse_entry_out>("entry_valid_nsec"));
        Assert.Equal(40, Off<fuse_entry_out>("attr"));
        Assert.Equal(16, Off<fuse_attr_out>("attr"));
        Assert.Equal(8, Off<fuse_getattr_in>("fh"));
        Assert.Equal(8, Off<fuse_setattr_in>("fh"));
        Assert.Equal(16, Off<fuse_setattr_in>("size"));
        Assert.Equal(24, Off<fuse_setattr_in>("lock_owner"));
        Assert.Equal(56, Off<fuse_setattr_in>("atimensec"));
        Assert.Equal(68, Off<fuse_setattr_in>("mode"));
        Assert.Equal(76, Off<fuse_setattr_in>("uid"));
        Assert.Equal(80, Off<fuse_setattr_in>("gid"));
    }

    [Fact]
    public void File_operation_offsets()
    {
        Assert.Equal(8, Off<fuse_open_out>("open_flags"));
        Assert.Equal(12, Off<fuse_open_out>("backing_id"));
        Assert.Equal(12, Off<fuse_create_in>("open_flags"));
        Assert.Equal(16, Off<fuse_read_in>("size"));
        Assert.Equal(24, Off<fuse_read_in>("lock_owner"));
        Assert.Equal(32, Off<fuse_read_in>("flags"));
        Assert.Equal(20, Off<fuse_write_in>("write_flags"));
        Assert.Equal(12, Off<fuse_release_in>("release_flags"));
        Assert.Equal(16, Off<fuse_flush_in>("lock_owner"));
        Assert.Equal(8, Off<fuse_fsync_in>("fsync_flags"));
        Assert.Equal(16, Off<fuse_lseek_in>("whence"));
        Assert.Equal(24, Off<fuse_fallocate_in>("mode"));
        Assert.Equal(16, Off<fuse_copy_file_range_in>("nodeid_out"));
        Assert.Equal(48, Off<fuse_copy_file_range_in>("flags"));
        Assert.Equal(8, Off<fuse_rename2_in>("flags"));
        Assert.Equal(8, Off<fuse_setxattr_in>("setxattr_flags"));
        Assert.Equal(4, Off<fuse_backing_map>("flags"));
        Assert.Equal(8, Off<fuse_backing_map>("padding"));
    }

    [Fact]
    public void Dirent_statfs_statx_notify_offsets()
    {
        Assert.Equal(8, Off<fuse_dirent>("off"));
        Assert.Equal(16, Off<fuse_dirent>("namelen"));
        Assert.Equal(20, Off<fuse_dirent>("type"));
        Assert.Equal(fuse_dirent.NAME_OFFSET, Unsafe.SizeOf<fuse_dirent>());
        Assert.Equal(128, Off<fuse_direntplus>("dirent"));
        Assert.Equal(40, Off<fuse_kstatfs>("bsize"));
        Assert.Equal(52, Off<fuse_kstatfs>("padding"));
        Assert.Equal(56, Off<fuse_kstatfs>("spare"));
        Assert.Equal(28, Off<fuse_statx>("mode"));
        Assert.Equal(32, Off<fuse_statx>("ino"));
        Assert.Equal(64, Off<fuse_statx>("atime"));
        Assert.Equal(80, Off<fuse_statx>("btime"));
        Assert.Equal(128, Off<fuse_statx>("rdev_major"));
        Assert.Equal(144, Off<fuse_statx>("__spare2"));
        Assert.Equal(16, Off<fuse_statx_in>("sx_flags"));
        Assert.Equal(32, Off<fuse_statx_out>("stat"));
        Assert.Equal(8, Off<fuse_notify_inval_entry_out>("namelen"));
        Assert.Equal(8, Off<fuse_notify_inval_inode_out>("off"));
    }

    [Fact]
    public void Opcodes_flags_and_ioctls()
    {
        Assert.Equal(26u, (uint)FuseOpcode.FUSE_INIT);
        Assert.Equal(44u, (uint)FuseOpcode.FUSE_READDIRPLUS);
        Assert.Equal(52u, (uint)FuseOpcode.FUSE_STATX);
        Assert.Equal(0x20UL, (ulong)FuseInitFlags.FUSE_PASSTHROUGH >> 32);
        Assert.Equal(1UL << 30, (ulong)FuseInitFlags.FUSE_INIT_EXT);
        Assert.Equal(0x80u, FuseConstants.FOPEN_PASSTHROUGH);
        Assert.Equal(0x8004E500u, FuseIoctl.FUSE_DEV_IOC_CLONE);
        Assert.Equal(0x4010E501u, FuseIoctl.FUSE_DEV_IOC_BACKING_OPEN);
        Assert.Equal(0x4004E502u, FuseIoctl.FUSE_DEV_IOC_BACKING_CLOSE);
    }
}
