// Recursive removal through fd-relative, no-follow calls: a symlink is removed, never descended into.
namespace Union.Core.Host;

internal static class HostTree
{
    /// <summary>Removes <paramref name="name"/> in <paramref name="dir"/> and, for a directory, all it holds.</summary>
    public static FsError Remove(IHostFileSystem host, HostDirectory dir, string name)
    {
        var error = host.Stat(dir, name, out var attributes);
        if (error != FsError.None) return error == FsError.NotFound ? FsError.None : error;
        if (!attributes.IsDirectory) return host.Remove(dir, name, directory: false);
        error = host.OpenDirectory(dir, name, out var sub);
        if (error != FsError.None) return error;
        using (sub)
        {
            var entries = new List<HostEntry>();
            error = host.ReadDirectory(sub!, entries);
            if (error != FsError.None) return error;
            foreach (var entry in entries)
            {
                error = Remove(host, sub!, entry.Name);
                if (error != FsError.None) return error;
            }
        }
        return host.Remove(dir, name, directory: true);
    }

    /// <summary>Opens (creating when missing) the directory <paramref name="name"/>; a non-directory there is an error.</summary>
    public static FsError OpenOrCreateDirectory(IHostFileSystem host, HostDirectory parent, string name, uint mode, out HostDirectory? dir)
    {
        var error = host.OpenDirectory(parent, name, out dir);
        if (error != FsError.NotFound) return error;
        error = host.CreateDirectory(parent, name, mode);
        return error is FsError.None or FsError.Exists ? host.OpenDirectory(parent, name, out dir) : error;
    }
}
