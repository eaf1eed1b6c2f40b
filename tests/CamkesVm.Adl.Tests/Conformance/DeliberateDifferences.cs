namespace CamkesVm.Adl.Tests.Conformance;

/// <summary>
/// The one list of conformance cases where camkes-vm deliberately gives another verdict than
/// camkes-tool, each with its reason. docs/adl.md ("Deliberate differences") describes the same list.
/// </summary>
internal static class DeliberateDifferences
{
    public static readonly IReadOnlyDictionary<string, (string Ours, string Reason)> Cases = new Dictionary<string, (string, string)>
    {
        ["camkes-tool/parser-tests/good/dtb.camkes"] = ("s71",
            "camkes-vm runs no dtb query plugin, so the dtb(...) query is reported at s7.1; camkes-tool crashes later with an internal KeyError"),
    };
}
