namespace CamkesVm.Adl.Tests.Conformance;

/// <summary>
/// The one documented place listing where camkes-vm deliberately behaves otherwise than camkes-tool,
/// each with its reason. <see cref="Cases"/> are corpus cases with another verdict (CorpusTests asserts
/// that exactly these mismatch); <see cref="Behaviours"/> are differences no corpus case shows, each with
/// the test that pins it down.
/// </summary>
internal static class DeliberateDifferences
{
    public static readonly IReadOnlyDictionary<string, (string Ours, string Reason)> Cases = new Dictionary<string, (string, string)>
    {
        ["camkes-tool/parser-tests/good/dtb.camkes"] = ("s71",
            "camkes-vm runs no dtb query plugin, so the dtb(...) query is reported at s7.1; camkes-tool crashes later with an internal KeyError"),
    };

    public static readonly IReadOnlyList<(string Behaviour, string Reason, string Test)> Behaviours =
    [
        ("A missing ';' after a setting, when the next setting starts on a later line, is a warning, not a syntax error.",
            "The seed's IDE snippet has exactly this typo ('vm0_config.pci_devices_iospace = 1' without ';') and its specs must work verbatim.",
            "SeedTutorialTests.Hard_drive_ide_stage_is_accepted_with_a_warning_for_the_seeds_missing_semicolon"),
        ("A setting for an attribute the component does not declare (and no template reads), or for a name that is no instance or connection, gets a warning.",
            "camkes-tool accepts both silently; they are usually spelling mistakes (issue 5: 'where the original silently accepts a likely mistake, warn').",
            "CheckDiagnosticsTests: 'undeclared attribute (warning)', 'unknown instance (warning)'"),
        ("Where it helps, a diagnostic adds how to fix the problem to camkes-tool's wording; and the 'mistyped assignment' message names the value's type the right way round.",
            "camkes-tool's message says 'required type is' for the value's own type (ADL notes §2.7).",
            "CheckDiagnosticsTests"),
        ("The VM library is camkes-vm's of the seed's generation: VM_PER_VM_COMP_DEF(n) also makes a VMConfig instance vm<n>_config, and VM_PER_VM_CONFIG_DEF accepts the seed's second argument.",
            "The seed configures passthrough as vm0_config.* and calls VM_PER_VM_CONFIG_DEF(0, 2); the later camkes-vm moved these onto vm<n> (8616ab4), which GuestConfigurationReader also reads.",
            "SeedTutorialTests, GuestConfigurationReaderTests.Later_spelling_on_the_guest_itself_is_read"),
        ("Guest boot and passthrough settings are checked when the spec is read (RAM size, IRQ dest 0..15, PCI bus/device/function ranges, page-aligned MMIO, dataport ids 1..n).",
            "camkes-tool leaves these to template rendering or to the running VMM, where mistakes show up late or not at all.",
            "GuestConfigurationReaderTests"),
    ];
}
