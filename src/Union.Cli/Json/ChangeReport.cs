// The JSON form of a change set (diff and run), as documented by docs/schemas/changes.schema.json. Serialized with
// the source generator only, so the NativeAOT binary has no reflection.
namespace Union.Cli.Json;

using System.Text.Json;
using System.Text.Json.Serialization;
using Union.Core.Changes;

internal sealed record ChangeReport
{
    public int Version { get; init; } = 1;
    public string? Upper { get; init; }
    public required IReadOnlyList<string> Lowers { get; init; }
    /// <summary>Only for `union run`: the command's exit code.</summary>
    public int? ExitCode { get; init; }
    public required IReadOnlyList<ChangeItem> Changes { get; init; }
    public required ChangeSummary Summary { get; init; }

    public static ChangeReport From(ChangeSet set, string? upper, IReadOnlyList<string> lowers, int? exitCode = null) => new()
    {
        Upper = upper,
        Lowers = lowers,
        ExitCode = exitCode,
        Changes = set.Changes.Select(c => new ChangeItem(c.Path, Change.KindName(c.Kind), Change.TypeName(c.Type), c.Size, c.From)).ToList(),
        Summary = new ChangeSummary(
            set.Changes.Count(c => c.Kind == ChangeKind.Added), set.Changes.Count(c => c.Kind == ChangeKind.Modified),
            set.Changes.Count(c => c.Kind == ChangeKind.Metadata), set.Changes.Count(c => c.Kind == ChangeKind.Deleted),
            set.Changes.Count(c => c.Kind == ChangeKind.Renamed)),
    };

    public string ToJson() => JsonSerializer.Serialize(this, ChangeReportContext.Default.ChangeReport);
}

internal sealed record ChangeItem(string Path, string Kind, string Type, long Size, string? From);

internal sealed record ChangeSummary(int Added, int Modified, int Metadata, int Deleted, int Renamed);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangeReport))]
internal sealed partial class ChangeReportContext : JsonSerializerContext;
