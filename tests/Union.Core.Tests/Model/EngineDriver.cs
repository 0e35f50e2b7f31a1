// Drives a real UnionFileSystem over temp layers by path, the way the kernel would through FUSE: it walks the parent
// path first (ENOENT/ENOTDIR there never reach the filesystem), then makes one node-id call. It also walks the whole
// merged view into a snapshot for comparison with the model.
namespace Union.Core.Tests.Model;

using System.Text;

internal sealed class EngineDriver : IDisposable
{
    private readonly LayerFixture _layers;
    private readonly WhiteoutFormat _format;
    private readonly bool _keepReferences;

    public UnionFileSystem Fs { get; private set; }

    private readonly bool _caseInsensitive;

    public EngineDriver(LayerFixture layers, WhiteoutFormat format, bool keepReferences, bool caseInsensitive = false)
    {
        _layers = layers;
        _format = format;
        _keepReferences = keepReferences;
        _caseInsensitive = caseInsensitive;
        Fs = layers.Open(format, caseInsensitive: caseInsensitive);
    }

    public void Remount()
    {
        Fs.Dispose();
        Fs = _layers.Open(_format, caseInsensitive: _caseInsensitive);
    }

    public void Dispose() => Fs.Dispose();

    private static (string Dir, string Name) Split(string path)
    {
        int i = path.LastIndexOf('/');
        return (i <= 0 ? "/" : path[..i], path[(i + 1)..]);
    }

    /// <summary>Walks to a directory as the VFS does: every component must exist and be a directory.</summary>
    private FsError ResolveDir(string dir, out ulong id)
    {
        var error = Fs.ResolvePath(dir, out id);
        if (error != FsError.None) return error;
        error = Fs.GetAttributes(id, out var attributes);
        if (error != FsError.None) return error;
        return attributes.IsDirectory ? FsError.None : FsError.NotDirectory;
    }

    private FsError ResolveParent(string path, out ulong parent, out string name)
    {
        (string dir, name) = Split(path);
        return ResolveDir(dir, out parent);
    }

    private FsError Resolve(string path, out ulong id)
    {
        id = 0;
        var error = ResolveParent(path, out var parent, out var name);
        if (error != FsError.None) return error;
        return Fs.Lookup(parent, name, out id, out _);  // takes a reference, as the kernel's lookup does; see Release
    }

    private void Release(ulong id)
    {
        if (!_keepReferences && id != 0) Fs.Forget(id, 1);
    }

    public FsError Create(string path, string content, uint mode)
    {
        var error = ResolveParent(path, out var parent, out var name);
        if (error != FsError.None) return error;
        error = Fs.CreateFile(parent, name, OpenMode.ReadWrite, mode, new Caller(0, 0), out var id, out _, out var file);
        if (error != FsError.None) return error;
        using (file)
        {
            error = file!.Write(Encoding.UTF8.GetBytes(content), 0, out _);
        }
        Release(id);
        return error;
    }

    public FsError Write(string path, int offset, string content)
    {
        var error = Resolve(path, out var id);
        if (error != FsError.None) return error;
        try { return WriteAt(id, offset, content); } finally { Release(id); }
    }

    private FsError WriteAt(ulong id, int offset, string content)
    {
        var error = Fs.Open(id, OpenMode.ReadWrite, out var file);
        if (error != FsError.None) return error;
        using (file)
        {
            error = file!.GetAttributes(out var attributes);
            if (error != FsError.None) return error;
            long at = offset < 0 ? attributes.Size : Math.Min(offset, attributes.Size);
            var bytes = Encoding.UTF8.GetBytes(content);
            error = file.Write(bytes, at, out int written);
            if (error == FsError.None && written != bytes.Length) return FsError.Io;
            return error;
        }
    }

    public FsError Truncate(string path, int size, bool viaOpen)
    {
        var error = Resolve(path, out var id);
        if (error != FsError.None) return error;
        try
        {
            if (!viaOpen) return Fs.SetAttributes(id, new AttributeChanges { Size = size }, null, out _);
            error = Fs.Open(id, OpenMode.WriteOnly | OpenMode.Truncate, out var file);
            file?.Dispose();
            return error;
        }
        finally { Release(id); }
    }

    public FsError Mkdir(string path, uint mode)
    {
        var error = ResolveParent(path, out var parent, out var name);
        if (error != FsError.None) return error;
        error = Fs.CreateDirectory(parent, name, mode, new Caller(0, 0), out var id, out _);
        if (error == FsError.None) Release(id);
        return error;
    }

    public FsError Symlink(string path, string target)
    {
        var error = ResolveParent(path, out var parent, out var name);
        if (error != FsError.None) return error;
        error = Fs.CreateSymlink(parent, name, target, new Caller(0, 0), out var id, out _);
        if (error == FsError.None) Release(id);
        return error;
    }

    public FsError Remove(string path, bool directory)
    {
        var error = ResolveParent(path, out var parent, out var name);
        return error != FsError.None ? error : Fs.Remove(parent, name, directory);
    }

    public FsError Rename(string from, string to, RenameFlags flags)
    {
        var error = ResolveParent(from, out var parent, out var name);
        if (error != FsError.None) return error;
        error = ResolveParent(to, out var newParent, out var newName);
        return error != FsError.None ? error : Fs.Rename(parent, name, newParent, newName, flags);
    }

    public FsError Link(string from, string to)
    {
        var error = Resolve(from, out var source);
        if (error != FsError.None) return error;
        error = ResolveParent(to, out var parent, out var name);
        if (error != FsError.None) { Release(source); return error; }
        try
        {
            error = Fs.Link(source, parent, name, out var id, out _);
            if (error == FsError.None) Release(id);
            return error;
        }
        finally { Release(source); }
    }

    public FsError Chmod(string path, uint mode)
    {
        var error = Resolve(path, out var id);
        if (error != FsError.None) return error;
        try { return Fs.SetAttributes(id, new AttributeChanges { Mode = mode }, null, out _); } finally { Release(id); }
    }

    public FsError SetXattr(string path, string name, string value)
    {
        var error = Resolve(path, out var id);
        if (error != FsError.None) return error;
        try { return Fs.SetXattr(id, name, Encoding.UTF8.GetBytes(value), 0); } finally { Release(id); }
    }

    /// <summary>One entry of the merged view as the engine shows it.</summary>
    public sealed record Seen(string Path, FileKind Kind, string Content, uint Mode, string Xattrs, ulong Inode, uint Links);

    /// <summary>Walks the whole merged view with ReadDirectory/Lookup/Open/ReadLink/ListXattr; problems found on the way go to <paramref name="problems"/>.</summary>
    public List<Seen> Walk(List<string> problems)
    {
        var seen = new List<Seen>();
        WalkDir(UnionFileSystem.RootId, "", seen, problems);
        return seen;
    }

    private void WalkDir(ulong dirId, string path, List<Seen> seen, List<string> problems)
    {
        var error = Fs.ReadDirectory(dirId, out var listing);
        if (error != FsError.None) { problems.Add($"readdir {path}/: {error}"); return; }
        // Folding, readdir must list each name once whatever its case.
        var names = new HashSet<string>(_caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var entry in listing!.Entries)
        {
            string child = path + "/" + entry.Name;
            if (!names.Add(entry.Name)) { problems.Add($"readdir {path}/ lists {entry.Name} twice"); continue; }
            error = Fs.Lookup(dirId, entry.Name, out var id, out var attributes);
            if (error != FsError.None) { problems.Add($"readdir lists {child} but lookup says {error}"); continue; }
            if (entry.Kind != attributes.Kind) problems.Add($"readdir says {child} is {entry.Kind}, lookup says {attributes.Kind}");
            if (entry.Inode != attributes.Inode) problems.Add($"readdir d_ino of {child} is {entry.Inode}, stat st_ino is {attributes.Inode}");
            string content = "";
            if (attributes.Kind == FileKind.Regular) content = ReadAll(id, child, problems);
            else if (attributes.Kind == FileKind.Symlink)
            {
                error = Fs.ReadLink(id, out var target);
                content = error == FsError.None ? target! : $"<readlink {error}>";
            }
            seen.Add(new Seen(child, attributes.Kind, content, attributes.Mode & 0xFFF, Xattrs(id), attributes.Inode, attributes.LinkCount));
            if (attributes.IsDirectory) WalkDir(id, child, seen, problems);
            if (!_keepReferences) Fs.Forget(id, 1);
        }
    }

    private string ReadAll(ulong id, string path, List<string> problems)
    {
        var error = Fs.Open(id, OpenMode.ReadOnly, out var file);
        if (error != FsError.None) { problems.Add($"open {path} read-only: {error}"); return "<unreadable>"; }
        using (file)
        {
            var buffer = new byte[4096];
            var data = new List<byte>();
            while (true)
            {
                error = file!.Read(buffer, data.Count, out int n);
                if (error != FsError.None) { problems.Add($"read {path}: {error}"); break; }
                if (n == 0) break;
                data.AddRange(buffer.AsSpan(0, n).ToArray());
            }
            return Encoding.UTF8.GetString(data.ToArray());
        }
    }

    private string Xattrs(ulong id)
    {
        var names = new List<string>();
        var error = Fs.ListXattr(id, names);
        if (error == FsError.NotSupported && _layers.Host == HostKind.Portable) return "";  // no xattrs on that host
        if (error != FsError.None) return $"<listxattr {error}>";
        var sb = new StringBuilder();
        var value = new byte[256];
        foreach (var name in names.Where(n => n.StartsWith("user.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            error = Fs.GetXattr(id, name, value, out int n);
            sb.Append(name).Append('=').Append(error == FsError.None ? Encoding.UTF8.GetString(value, 0, n) : $"<{error}>").Append(';');
        }
        return sb.ToString();
    }
}
