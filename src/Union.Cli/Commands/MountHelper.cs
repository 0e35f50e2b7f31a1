// The mount(8) helper convention: `mount -t fuse.union` and /etc/fstab run /sbin/mount.fuse.union (a symlink to
// this binary) as `mount.fuse.union SOURCE MOUNTPOINT [-sfnv] [-o OPTIONS]`. That call becomes `union mount`.
namespace Union.Cli.Commands;

internal static class MountHelper
{
    public const string Name = "mount.fuse.union";

    /// <summary>The name this process was started under: argv[0], which a symlink keeps (unlike the exe path).</summary>
    public static string InvokedAs()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            return Path.GetFileName(System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end));
        }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>Rewrites a helper call into `mount -o OPTIONS MOUNTPOINT`; mount(8)'s -s -f -n -v flags mean nothing here.</summary>
    public static string[] Translate(string[] args)
    {
        var positional = new List<string>();
        var options = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-o" when i + 1 < args.Length: options.Add(args[++i]); break;
                case "-t" when i + 1 < args.Length: i++; break;   // the type, fuse.union: we know
                case "-s" or "-f" or "-n" or "-v": break;
                default:
                    if (args[i].StartsWith("-o", StringComparison.Ordinal) && args[i].Length > 2) options.Add(args[i][2..]);
                    else positional.Add(args[i]);
                    break;
            }
        }
        if (positional.Count != 2)
            throw new UsageException($"usage: {Name} SOURCE MOUNTPOINT -o lowerdir=A:B,upperdir=U,workdir=W (as mount(8) calls it)");
        var translated = new List<string> { "mount" };
        foreach (var o in options) { translated.Add("-o"); translated.Add(o); }
        translated.Add(positional[1]);
        return [.. translated];
    }
}
