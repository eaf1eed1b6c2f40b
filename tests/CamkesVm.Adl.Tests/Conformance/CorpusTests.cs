using Xunit.Abstractions;

namespace CamkesVm.Adl.Tests.Conformance;

/// <summary>
/// The conformance corpus (../shared/conformance/camkes, read in place): every golden case must get
/// camkes-tool's verdict (accepted, or rejected at the same stage) unless it is a listed deliberate difference.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseIds() => [.. GoldenCorpus.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_gets_the_original_verdict(string id)
    {
        var golden = GoldenCorpus.All.Single(c => c.Id == id);
        var result = CorpusRunner.Compile(golden);
        var expected = DeliberateDifferences.Cases.TryGetValue(id, out var difference) ? difference.Ours : CorpusRunner.Expected(golden);
        var first = result.FirstError?.ToString() ?? "(no error)";
        Assert.True(expected == CorpusRunner.Verdict(result),
            $"{id}: expected {expected} (camkes-tool: {CorpusRunner.Expected(golden)} {golden.ExpectMessage}), got {CorpusRunner.Verdict(result)}: {first}");
    }

    [Fact]
    public void Match_rate_is_reported_and_complete()
    {
        var cases = GoldenCorpus.All;
        Assert.True(cases.Count >= 260, $"corpus too small: {cases.Count}");
        var mismatches = cases.Where(c => CorpusRunner.Verdict(CorpusRunner.Compile(c)) != CorpusRunner.Expected(c)).Select(c => c.Id).ToList();
        var matches = cases.Count - mismatches.Count;
        output.WriteLine($"conformance: {matches}/{cases.Count} verdicts match camkes-tool ({100.0 * matches / cases.Count:F1}%); "
            + $"deliberate differences: {string.Join(", ", mismatches)}");
        foreach (var group in cases.GroupBy(c => CorpusRunner.Expected(c)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  camkes-tool {group.Key}: {group.Count(c => !mismatches.Contains(c.Id))}/{group.Count()} matched");
        }
        foreach (var (behaviour, reason, test) in DeliberateDifferences.Behaviours)
        {
            output.WriteLine($"  deliberate: {behaviour} ({reason}) [{test}]");
        }
        Assert.Equal(DeliberateDifferences.Cases.Keys.Order(), mismatches.Order());
    }
}
