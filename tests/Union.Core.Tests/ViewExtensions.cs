// Path-based helpers over the node-id API, so tests read like shell sessions.
namespace Union.Core.Tests;

using System.Text;

internal static class ViewExtensions
{
    public static ulong Id(this UnionFileSystem fs, string path)
    {
        var error = fs.ResolvePath(path, out var id);
        Assert.True(error == FsError.None, $"resolve {path}: {error}");
        return id;
    }

    public static bool Exists(this UnionFileSystem fs, string path) => fs.ResolvePath(path, out _) == FsError.None;

    public static (ulong Parent, string Name) Split(this UnionFileSystem fs, string path)
    {
        var dir = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "/";
        return (fs.Id(dir == "" ? "/" : dir), Path.GetFileName(path));
    }

    public static string[] List(this UnionFileSystem fs, string path)
    {
        Assert.Equal(FsError.None, fs.ReadDirectory(fs.Id(path), out var listing));
        return listing!.Entries.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    public static string Read(this UnionFileSystem fs, string path)
    {
        Assert.Equal(FsError.None, fs.Open(fs.Id(path), OpenMode.ReadOnly, out var file));
        using (file)
        {
            var buffer = new byte[1 << 20];
            Assert.Equal(FsError.None, file!.Read(buffer, 0, out int n));
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
    }

    public static void Write(this UnionFileSystem fs, string path, string content, bool append = false)
    {
        FsError error;
        OpenFile? file;
        if (fs.Exists(path))
            error = fs.Open(fs.Id(path), OpenMode.ReadWrite | (append ? 0 : OpenMode.Truncate), out file);
        else
        {
            var (parent, name) = fs.Split(path);
            error = fs.CreateFile(parent, name, OpenMode.ReadWrite, 0x1A4, new Caller(0, 0), out _, out _, out file);
        }
        Assert.True(error == FsError.None, $"write {path}: {error}");
        using (file)
        {
            long offset = 0;
            if (append) { file!.GetAttributes(out var a); offset = a.Size; }
            Assert.Equal(FsError.None, file!.Write(Encoding.UTF8.GetBytes(content), offset, out _));
        }
    }

    public static FsError Mkdir(this UnionFileSystem fs, string path)
    {
        var (parent, name) = fs.Split(path);
        return fs.CreateDirectory(parent, name, 0x1ED, new Caller(0, 0), out _, out _);
    }

    public static FsError Unlink(this UnionFileSystem fs, string path)
    {
        var (parent, name) = fs.Split(path);
        return fs.Remove(parent, name, directory: false);
    }

    public static FsError Rmdir(this UnionFileSystem fs, string path)
    {
        var (parent, name) = fs.Split(path);
        return fs.Remove(parent, name, directory: true);
    }

    public static FsError Move(this UnionFileSystem fs, string from, string to, RenameFlags flags = RenameFlags.None)
    {
        var (p1, n1) = fs.Split(from);
        var (p2, n2) = fs.Split(to);
        return fs.Rename(p1, n1, p2, n2, flags);
    }

    public static EntryAttributes Stat(this UnionFileSystem fs, string path)
    {
        Assert.Equal(FsError.None, fs.GetAttributes(fs.Id(path), out var a));
        return a;
    }
}
