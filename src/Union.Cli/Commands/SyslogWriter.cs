// Where a background daemon's stderr goes once its parent has returned: one syslog datagram per line on /dev/log
// (journald and rsyslog both listen there), as "union[PID]: line". Without a syslog socket, lines are dropped.
namespace Union.Cli.Commands;

using System.Net.Sockets;
using System.Text;

internal sealed class SyslogWriter : TextWriter
{
    private const int Daemon = 3 << 3, Error = 3;   // facility LOG_DAEMON, severity LOG_ERR
    private readonly Socket? _socket;
    private readonly StringBuilder _line = new();
    private readonly object _gate = new();

    public SyslogWriter(string path = "/dev/log")
    {
        try
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            _socket = socket;
        }
        catch (SocketException) { _socket = null; }
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value != '\n') { _line.Append(value); return; }
            Send(_line.ToString());
            _line.Clear();
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (char c in value) Write(c);
    }

    private void Send(string line)
    {
        if (_socket is null || line.Length == 0) return;
        try
        {
            _socket.Send(Encoding.UTF8.GetBytes($"<{Daemon | Error}>union[{Environment.ProcessId}]: {line}"));
        }
        catch (SocketException) { }   // the logger went away: the daemon keeps serving
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _socket?.Dispose();
        base.Dispose(disposing);
    }
}
