using System.Text.Json;

namespace CamkesVm.Adl.Tests.Conformance;

/// <summary>One spec of the conformance corpus with the outcome camkes-tool gave for it.</summary>
public sealed record GoldenCase(string Id, string SpecPath, bool Preprocess, bool ExpectOk, string? ExpectStage, string? ExpectMessage, JsonElement? Ast)
{
    public override string ToString() => Id;
}

/// <summary>Reads the golden files in place.</summary>
internal static class GoldenCorpus
{
    private static readonly Lazy<List<GoldenCase>> Cases = new(LoadAll);

    public static IReadOnlyList<GoldenCase> All => Cases.Value;

    private static List<GoldenCase> LoadAll()
    {
        var golden = Support.SharedPaths.Golden;
        var conformance = Support.SharedPaths.Conformance;
        var cases = new List<GoldenCase>();
        foreach (var record in Read(Path.Combine(golden, "parser_tests.json")))
        {
            cases.Add(Make(record, "outcome", Path.Combine(conformance, record.GetProperty("file").GetString()!), true));
        }
        foreach (var record in Read(Path.Combine(golden, "inline_specs.json")))
        {
            cases.Add(Make(record, "full_pipeline_outcome", Path.Combine(conformance, record.GetProperty("spec_file").GetString()!), false));
        }
        foreach (var record in Read(Path.Combine(golden, "probes.json")))
        {
            cases.Add(Make(record, "outcome", Path.Combine(conformance, record.GetProperty("spec_file").GetString()!), false));
        }
        return cases;
    }

    private static IEnumerable<JsonElement> Read(string path) =>
        JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray();

    private static GoldenCase Make(JsonElement record, string outcomeProperty, string spec, bool cpp)
    {
        var outcome = record.GetProperty(outcomeProperty);
        var ok = outcome.GetProperty("ok").GetBoolean();
        var stage = ok ? null : outcome.GetProperty("stage").GetString();
        var message = ok ? null : outcome.GetProperty("message").GetString();
        JsonElement? ast = record.TryGetProperty("ast", out var a) ? a : null;
        return new GoldenCase(record.GetProperty("id").GetString()!, spec, cpp, ok, stage, message, ast);
    }
}
