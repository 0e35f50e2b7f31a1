// How many CPUs the kernel may ever schedule on: FUSE over io_uring has one queue per possible CPU (qid = CPU number)
// and uses the ring only once every one of them is registered, offline CPUs included.
namespace Union.Linux.Fuse.Uring;

internal static class PossibleCpus
{
    public const string Path = "/sys/devices/system/cpu/possible";

    /// <summary>The count from <see cref="Path"/>, or 0 when it cannot be read.</summary>
    public static int Read()
    {
        try
        {
            return Parse(File.ReadAllText(Path));
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Counts a kernel CPU list such as "0-3,8-11" or "0"; 0 for anything malformed.</summary>
    public static int Parse(string list)
    {
        int count = 0;
        foreach (string part in list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = part.Split('-');
            if (range.Length is < 1 or > 2
                || !int.TryParse(range[0], out int first)
                || !int.TryParse(range[^1], out int last)
                || first < 0 || last < first)
            {
                return 0;
            }
            count += last - first + 1;
        }
        return count;
    }
}
