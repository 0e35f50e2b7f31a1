// The session's reader loop without a kernel: a SOCK_SEQPACKET pair keeps message boundaries like /dev/fuse.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;
using static Union.Linux.Tests.Fuse.FuseRequests;

namespace Union.Linux.Tests.Fuse;

public unsafe class SessionLoopTests
{
    private const int SOCK_SEQPACKET = 5;
    private const int SOCK_NONBLOCK = 0x800;

    [Theory]
    [InlineData(0)]
    [InlineData(200_000)]   // a window no scheduler hiccup outlasts: the LOOKUP is taken by the spinning reader
    public void Reader_answers_requests_and_Stop_ends_the_session(int spinMicroseconds)
    {
        int* pair = stackalloc int[2];
        Assert.Equal(0, Libc.Socketpair(Libc.AF_UNIX, SOCK_SEQPACKET | Libc.SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair));
        int peer = pair[1];
        Libc.Fcntl(peer, Libc.F_SETFL, 0);
        var log = new ConcurrentQueue<string>();
        using var channel = new FuseChannel(pair[0]);
        try
        {
            // Two threads requested: cloning a socket fails, and the session carries on with one reader.
            using var session = new FuseSession(channel, new FakeFileSystem(),
                new FuseSessionOptions
                {
                    Threads = 2, IdlePollMilliseconds = 20, MaxWrite = 64 * 1024, Log = log.Enqueue,
                    SpinMicroseconds = spinMicroseconds,
                });
            session.Start();

            (fuse_out_header h, byte[] payload) Roundtrip(byte[] request)
            {
                fixed (byte* p = request) Assert.Equal(request.Length, (int)Libc.Write(peer, p, (nuint)request.Length));
                var reply = new byte[70000];
                nint n;
                fixed (byte* p = reply) n = Libc.Read(peer, p, (nuint)reply.Length);
                Assert.True(n >= 16);
                return (MemoryMarshal.Read<fuse_out_header>(reply), reply[16..(int)n]);
            }

            var (hi, init) = Roundtrip(Build(FuseOpcode.FUSE_INIT, 0, 1, Init(45, Kernel645)));
            Assert.Equal(0, hi.error);
            Assert.Equal(64 * 1024u, MemoryMarshal.Read<fuse_init_out>(init).max_write);
            var (hl, entry) = Roundtrip(Build(FuseOpcode.FUSE_LOOKUP, 1, 2, Name("a")));
            Assert.Equal(2ul, hl.unique);
            Assert.Equal(2ul, MemoryMarshal.Read<fuse_entry_out>(entry).nodeid);
            Assert.NotNull(session.Connection);
            // Spinning needs a second CPU (ReaderSpin); CI machines have two.
            bool spins = spinMicroseconds > 0 && Environment.ProcessorCount > 1;
            Assert.Equal(spins, session.SpinCaught > 0);

            session.Stop();
            Assert.True(((IAsyncResult)session.Completion).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
            Assert.Contains(log, l => l.Contains("clone failed", StringComparison.Ordinal));
        }
        finally
        {
            Libc.Close(peer);
        }
    }
}
