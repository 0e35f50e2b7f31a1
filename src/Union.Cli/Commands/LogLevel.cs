// How much a mount daemon reports: errors always; info adds mount and unmount events; debug traces every request.
namespace Union.Cli.Commands;

internal enum LogLevel
{
    Error,
    Info,
    Debug,
}
