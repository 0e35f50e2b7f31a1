// IoCheckShareAccess / IoUpdateShareAccess / IoRemoveShareAccess for one file control block: an open that wants
// read, write or delete must be allowed by every earlier open's share mode, and must itself share what they use.
using Union.Windows.Dokan;

namespace Union.Windows.Tests.IoManager;

internal sealed class ShareAccess
{
    private int opens;
    private int readers;
    private int writers;
    private int deleters;
    private int sharedRead;
    private int sharedWrite;
    private int sharedDelete;

    public bool Check(NtAccessMask access, FileShare share)
    {
        var (read, write, delete) = Uses(access);
        if (!read && !write && !delete)
        {
            return true;
        }

        return !(read && sharedRead < opens) && !(write && sharedWrite < opens) && !(delete && sharedDelete < opens) &&
            !(readers > 0 && (share & FileShare.Read) == 0) &&
            !(writers > 0 && (share & FileShare.Write) == 0) &&
            !(deleters > 0 && (share & FileShare.Delete) == 0);
    }

    public void Update(NtAccessMask access, FileShare share, int sign)
    {
        var (read, write, delete) = Uses(access);
        if (!read && !write && !delete)
        {
            return;
        }

        opens += sign;
        readers += read ? sign : 0;
        writers += write ? sign : 0;
        deleters += delete ? sign : 0;
        sharedRead += (share & FileShare.Read) != 0 ? sign : 0;
        sharedWrite += (share & FileShare.Write) != 0 ? sign : 0;
        sharedDelete += (share & FileShare.Delete) != 0 ? sign : 0;
    }

    private static (bool Read, bool Write, bool Delete) Uses(NtAccessMask access) => (
        (access & (NtAccessMask.ReadData | NtAccessMask.Execute)) != 0,
        (access & (NtAccessMask.WriteData | NtAccessMask.AppendData)) != 0,
        (access & NtAccessMask.Delete) != 0);
}
