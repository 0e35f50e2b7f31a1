// Engine tests that run once per host implementation: each concrete subclass picks the host, so a suite proves the
// same behaviour on LinuxHost's syscalls and on PortableHost's System.IO. A case that legitimately differs skips
// on one host with its reason in code.
namespace Union.Core.Tests;

public abstract class HostTests
{
    protected abstract HostKind Host { get; }

    protected bool Portable => Host == HostKind.Portable;

    protected LayerFixture Layers(int lowers = 2) => new(lowers, Host);

    /// <summary>System.IO cannot create or recognise device nodes, so the portable host reads OCI whiteouts only.</summary>
    protected const string NoDevices = "the portable host has no device nodes (System.IO cannot see a 0/0 char device)";
    protected const string NoXattrs = "the portable host has no xattrs (so no xattr opaque/redirect markers)";
    protected const string NoOverlayFormat = "the portable host refuses --whiteout overlay (PortableHostTests checks the message)";
}
