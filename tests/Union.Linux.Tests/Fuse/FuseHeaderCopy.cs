// A hand-written copy of the linux/fuse.h 7.45 struct definitions (from the measured facts), for the C cross-check.
namespace Union.Linux.Tests.Fuse;

internal static class FuseHeaderCopy
{
    public const string Text = """
#include <stdint.h>
struct fuse_attr { uint64_t ino, size, blocks, atime, mtime, ctime; uint32_t atimensec, mtimensec, ctimensec, mode,
  nlink, uid, gid, rdev, blksize, flags; };
struct fuse_sx_time { int64_t tv_sec; uint32_t tv_nsec; int32_t __reserved; };
struct fuse_statx { uint32_t mask, blksize; uint64_t attributes; uint32_t nlink, uid, gid; uint16_t mode;
  uint16_t __spare0[1]; uint64_t ino, size, blocks, attributes_mask; struct fuse_sx_time atime, btime, ctime, mtime;
  uint32_t rdev_major, rdev_minor, dev_major, dev_minor; uint64_t __spare2[14]; };
struct fuse_kstatfs { uint64_t blocks, bfree, bavail, files, ffree; uint32_t bsize, namelen, frsize, padding, spare[6]; };
struct fuse_entry_out { uint64_t nodeid, generation, entry_valid, attr_valid; uint32_t entry_valid_nsec, attr_valid_nsec;
  struct fuse_attr attr; };
struct fuse_forget_in { uint64_t nlookup; };
struct fuse_forget_one { uint64_t nodeid, nlookup; };
struct fuse_batch_forget_in { uint32_t count, dummy; };
struct fuse_getattr_in { uint32_t getattr_flags, dummy; uint64_t fh; };
struct fuse_attr_out { uint64_t attr_valid; uint32_t attr_valid_nsec, dummy; struct fuse_attr attr; };
struct fuse_statx_in { uint32_t getattr_flags, reserved; uint64_t fh; uint32_t sx_flags, sx_mask; };
struct fuse_statx_out { uint64_t attr_valid; uint32_t attr_valid_nsec, flags; uint64_t spare[2]; struct fuse_statx stat; };
struct fuse_mknod_in { uint32_t mode, rdev, umask, padding; };
struct fuse_mkdir_in { uint32_t mode, umask; };
struct fuse_rename_in { uint64_t newdir; };
struct fuse_rename2_in { uint64_t newdir; uint32_t flags, padding; };
struct fuse_link_in { uint64_t oldnodeid; };
struct fuse_setattr_in { uint32_t valid, padding; uint64_t fh, size, lock_owner, atime, mtime, ctime;
  uint32_t atimensec, mtimensec, ctimensec, mode, unused4, uid, gid, unused5; };
struct fuse_open_in { uint32_t flags, open_flags; };
struct fuse_create_in { uint32_t flags, mode, umask, open_flags; };
struct fuse_open_out { uint64_t fh; uint32_t open_flags; int32_t backing_id; };
struct fuse_release_in { uint64_t fh; uint32_t flags, release_flags; uint64_t lock_owner; };
struct fuse_flush_in { uint64_t fh; uint32_t unused, padding; uint64_t lock_owner; };
struct fuse_read_in { uint64_t fh, offset; uint32_t size, read_flags; uint64_t lock_owner; uint32_t flags, padding; };
struct fuse_write_in { uint64_t fh, offset; uint32_t size, write_flags; uint64_t lock_owner; uint32_t flags, padding; };
struct fuse_write_out { uint32_t size, padding; };
struct fuse_statfs_out { struct fuse_kstatfs st; };
struct fuse_fsync_in { uint64_t fh; uint32_t fsync_flags, padding; };
struct fuse_setxattr_in { uint32_t size, flags, setxattr_flags, padding; };
struct fuse_getxattr_in { uint32_t size, padding; };
struct fuse_getxattr_out { uint32_t size, padding; };
struct fuse_access_in { uint32_t mask, padding; };
struct fuse_init_in { uint32_t major, minor, max_readahead, flags, flags2, unused[11]; };
struct fuse_init_out { uint32_t major, minor, max_readahead, flags; uint16_t max_background, congestion_threshold;
  uint32_t max_write, time_gran; uint16_t max_pages, map_alignment; uint32_t flags2, max_stack_depth;
  uint16_t request_timeout; uint16_t unused[11]; };
struct fuse_interrupt_in { uint64_t unique; };
struct fuse_in_header { uint32_t len, opcode; uint64_t unique, nodeid; uint32_t uid, gid, pid; uint16_t total_extlen, padding; };
struct fuse_out_header { uint32_t len; int32_t error; uint64_t unique; };
struct fuse_dirent { uint64_t ino, off; uint32_t namelen, type; char name[]; };
struct fuse_direntplus { struct fuse_entry_out entry_out; struct fuse_dirent dirent; };
struct fuse_notify_inval_inode_out { uint64_t ino; int64_t off, len; };
struct fuse_notify_inval_entry_out { uint64_t parent; uint32_t namelen, flags; };
struct fuse_lseek_in { uint64_t fh, offset; uint32_t whence, padding; };
struct fuse_lseek_out { uint64_t offset; };
struct fuse_fallocate_in { uint64_t fh, offset, length; uint32_t mode, padding; };
struct fuse_copy_file_range_in { uint64_t fh_in, off_in, nodeid_out, fh_out, off_out, len, flags; };
struct fuse_backing_map { int32_t fd; uint32_t flags; uint64_t padding; };
struct fuse_uring_ent_in_out { uint64_t flags, commit_id; uint32_t payload_sz, padding; uint64_t reserved; };
struct fuse_uring_req_header { char in_out[128]; char op_in[128]; struct fuse_uring_ent_in_out ring_ent_in_out; };
struct fuse_uring_cmd_req { uint64_t flags, commit_id; uint16_t qid; uint8_t padding[6]; };

""";
}
