using Iced.Intel;

namespace CamkesVm.X86.Tests.Coverage;

/// <summary>Every cell of the one-byte and 0F maps has a test mentioning its instruction, or is listed in <see cref="OpcodeExemptions"/>.</summary>
public class OpcodeCoverageTests
{
    [Fact]
    public void Every_opcode_has_a_test_or_an_exemption()
    {
        var missing = new List<string>();
        foreach (var slot in OpcodeMap.All)
        {
            if (OpcodeExemptions.Find(slot) != null) continue;
            var unmentioned = slot.Mnemonics.Where(m => !TestMentions.FilesMentioning(m).Any()).ToArray();
            if (unmentioned.Length > 0) missing.Add($"{slot}: no test mentions {string.Join(", ", unmentioned)}");
        }
        Assert.True(missing.Count == 0, $"{missing.Count} opcode cells have neither a test nor an exemption:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void Every_cell_exempted_as_undefined_raises_UD()
    {
        using var runner = new SlotRunner();
        var undefined = OpcodeMap.All.Where(s => OpcodeExemptions.Find(s)?.Kind == ExemptionKind.Undefined).ToList();
        Assert.True(undefined.Count > 300, $"only {undefined.Count} undefined cells: the map walk is broken");
        var wrong = undefined.Select(s => (Slot: s, Outcome: runner.Run(s))).Where(x => x.Outcome != "#UD")
            .Select(x => $"{x.Slot} [{Convert.ToHexString(x.Slot.Bytes)}]: {x.Outcome ?? "ran"} ({OpcodeExemptions.Find(x.Slot)!.Reason})").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} cells listed as undefined do not raise #UD:\n{string.Join('\n', wrong)}");
    }

    [Fact]
    public void Every_exemption_matches_some_cell_and_none_covers_a_tested_instruction()
    {
        foreach (var e in OpcodeExemptions.All)
            Assert.True(OpcodeMap.All.Any(e.Matches), $"exemption {e.Cells} ({e.Reason}) matches no opcode cell");
        var shadowed = OpcodeMap.All.Where(s => OpcodeExemptions.Find(s)?.Kind == ExemptionKind.Untested
            && s.Mnemonics.All(m => TestMentions.FilesMentioning(m).Any())).Select(s => s.ToString()).ToList();
        Assert.True(shadowed.Count == 0, $"exempted cells that now have tests (drop the exemption): {string.Join(", ", shadowed)}");
    }

    [Fact]
    public void The_map_walk_sees_the_instructions_of_the_SDM_tables()
    {
        var byName = OpcodeMap.All.ToDictionary(s => s.Name);
        Assert.Contains(Iced.Intel.Mnemonic.Cpuid, byName["0F A2"].Mnemonics);
        Assert.Contains(Iced.Intel.Mnemonic.Sub, byName["81 /5"].Mnemonics);
        Assert.Contains(Iced.Intel.Mnemonic.Fchs, byName["D9 E0"].Mnemonics);
        Assert.Contains(Iced.Intel.Mnemonic.Vmcall, byName["0F 01 C1"].Mnemonics);
        Assert.DoesNotContain(OpcodeMap.All, s => s.Name is "0F" or "66" or "F0");
        Assert.Equal(byName.Count, OpcodeMap.All.Count);
    }
}
