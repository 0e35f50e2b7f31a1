// A background daemon logs to syslog: one datagram per line, tagged with the program and its pid.
namespace Union.Cli.Tests;

using System.Net.Sockets;
using System.Text;
using Union.Cli.Commands;

public class SyslogWriterTests
{
    [Fact]
    public void Each_line_becomes_one_tagged_datagram_on_the_log_socket()
    {
        var dir = Directory.CreateTempSubdirectory("union-syslog-");
        try
        {
            string path = Path.Combine(dir.FullName, "log");
            using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            server.Bind(new UnixDomainSocketEndPoint(path));
            server.ReceiveTimeout = 5000;
            using (var writer = new SyslogWriter(path))
            {
                writer.Write("first line\nsecond");
                writer.WriteLine(" line");
            }
            var buffer = new byte[512];
            string Receive() => Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));
            Assert.Equal($"<27>union[{Environment.ProcessId}]: first line", Receive());
            Assert.Equal($"<27>union[{Environment.ProcessId}]: second line", Receive());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_a_log_socket_lines_are_dropped_quietly()
    {
        using var writer = new SyslogWriter("/nonexistent/log");
        // The daemon keeps serving when nobody listens: writing must not throw.
        Assert.Null(Record.Exception(() => writer.WriteLine("nobody listens")));
    }
}
