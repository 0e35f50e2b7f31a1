// `union diff` end to end with the real binary: text and JSON, the JSON checked against the schema in docs/schemas.
namespace Union.Cli.Tests;

using System.Text.Json;
using System.Text.Json.Nodes;
using global::Json.Schema;

public class DiffCommandTests
{
    // Parsed once: the library keeps a global registry by $id.
    internal static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "changes.schema.json")));

    internal static void AssertValid(string json)
    {
        var result = Schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, "schema: " + string.Join("; ",
            (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void Diff_lists_every_kind_in_text_and_in_json_that_matches_the_schema()
    {
        using var s = new Sandbox();
        s.File("lower/keep", "k"); s.File("lower/edit", "old"); s.File("lower/gone", "g"); s.File("lower/dir/x", "x");
        s.File("upper/edit", "newer"); s.File("upper/.wh.gone", ""); s.File("upper/added/f", "123");
        s.Dir("upper/moved");
        Sandbox.Run("setfattr", "-n", "trusted.overlay.redirect", "-v", "/dir", s.P("upper/moved"));
        s.File("upper/.wh.dir", "");
        var text = s.Union("diff", "--upper", s.P("upper"), "--lower", s.P("lower"));
        Assert.Equal(0, text.Code);
        Assert.Equal(
            """
            added    directory          0 /added
            added    file               3 /added/f
            modified file               5 /edit
            deleted  file               1 /gone
            renamed  directory          0 /moved <- /dir

            """, text.Out);
        var json = s.Union("diff", "--upper", s.P("upper"), "--lower", s.P("lower"), "--json");
        Assert.Equal(0, json.Code);
        AssertValid(json.Out);
        var doc = JsonNode.Parse(json.Out)!;
        Assert.Equal("/dir", doc["changes"]![4]!["from"]!.GetValue<string>());
        Assert.Equal(2, doc["summary"]!["added"]!.GetValue<int>());
    }

    [SkippableFact]
    public void Diff_reads_an_upper_written_by_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a\n"); s.File("lower/b", "b\n"); s.File("lower/same", "s\n"); s.File("lower/tree/x", "x\n");
        s.File("lower/wiped/old", "o\n");
        s.Dir("upper"); s.Dir("work"); var k = s.Dir("k");
        s.KernelOverlay(k, $"lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("work")},redirect_dir=on");
        Assert.Equal(0, Sandbox.Sh($"cd '{k}' && echo more >> a && rm b && mv tree moved && chmod 600 same && rm -r wiped && mkdir wiped && echo n > new").Code);
        s.Unmount(k);
        var diff = s.Union("diff", "--upper", s.P("upper"), "--lower", s.P("lower"));
        Assert.True(diff.Code == 0, diff.Err);
        Assert.Equal(
            """
            modified file               7 /a
            deleted  file               2 /b
            renamed  directory          0 /moved <- /tree
            added    file               2 /new
            metadata file               2 /same
            deleted  file               2 /wiped/old

            """, diff.Out);
    }

    [Fact]
    public void The_schema_check_rejects_what_breaks_the_contract()
    {
        const string valid = """{"version":1,"lowers":[],"changes":[{"path":"/a","kind":"renamed","type":"file","size":1,"from":"/b"}],"summary":{"added":0,"modified":0,"metadata":0,"deleted":0,"renamed":1}}""";
        AssertValid(valid);
        foreach (var broken in new[]
        {
            valid.Replace("\"renamed\",", "\"moved\","),
            valid.Replace(",\"from\":\"/b\"", ""),
            valid.Replace("\"path\":\"/a\"", "\"path\":\"a\""),
            valid.Replace("\"size\":1", "\"size\":-1"),
            valid.Replace("\"version\":1", "\"version\":2"),
        })
            Assert.False(Schema.Evaluate(JsonDocument.Parse(broken).RootElement).IsValid, broken);
    }

    [Fact]
    public void Diff_of_a_missing_upper_is_one_line_and_exit_2()
    {
        using var s = new Sandbox();
        var (code, stdout, stderr) = s.Union("diff", "--upper", s.P("nope"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("union: upper directory '" + s.P("nope") + "' does not exist\n", stderr);
    }
}
