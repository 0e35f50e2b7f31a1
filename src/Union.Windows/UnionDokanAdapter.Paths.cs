// In-volume paths ("\dir\name") to engine nodes. The engine is node based: each component is looked up from the
// root, one reference per step, and every reference but the one handed to the caller is returned at once.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter
{
    // The parent directory of the path's last component, with one lookup reference the caller forgets
    // (Forget ignores the root). For the root itself: the root and an empty name.
    private NtStatus ResolveParent(ReadOnlySpan<char> path, out ulong parentId, out string name)
    {
        parentId = UnionFileSystem.RootId;
        name = "";
        path = path.TrimStart('\\');
        while (!path.IsEmpty)
        {
            var end = path.IndexOf('\\');
            var component = end < 0 ? path : path[..end];
            path = end < 0 ? [] : path[(end + 1)..];
            if (!WindowsNames.TryToUnion(component, out var next))
            {
                union.Forget(parentId, 1);
                return NtStatus.ObjectNameInvalid;
            }

            if (path.IsEmpty)
            {
                name = next;
                return NtStatus.Success;
            }

            var error = union.Lookup(parentId, next, out var childId, out var attributes);
            union.Forget(parentId, 1);
            if (error != FsError.None || !attributes.IsDirectory)
            {
                if (error == FsError.None)
                {
                    union.Forget(childId, 1);
                }

                // A missing or non-directory component in the middle is a missing path, not a missing file.
                parentId = UnionFileSystem.RootId;
                return error is FsError.None or FsError.NotFound or FsError.NotDirectory
                    ? NtStatus.ObjectPathNotFound
                    : StatusMap.From(error);
            }

            parentId = childId;
        }

        return NtStatus.Success;
    }

    // The node a path names, with one lookup reference the caller forgets.
    private NtStatus Resolve(ReadOnlySpan<char> path, out ulong id, out EntryAttributes attributes)
    {
        id = UnionFileSystem.RootId;
        attributes = default;
        var status = ResolveParent(path, out var parentId, out var name);
        if (status != NtStatus.Success)
        {
            return status;
        }

        if (name.Length == 0)
        {
            return StatusMap.From(union.GetAttributes(id, out attributes));
        }

        var error = union.Lookup(parentId, name, out id, out attributes);
        union.Forget(parentId, 1);
        return StatusMap.From(error);
    }
}
