using CamkesVm.X86.Cpu;

namespace CamkesVm.X86.Tests.Support;

/// <summary>
/// Runs <see cref="CpuCase"/>s on our CPU: flat 32-bit protected mode at CPL0, the code followed by HLT,
/// and an IDT whose handlers record the exception vector, so faults show up as an outcome.
/// </summary>
public sealed class GuestRunner : IDisposable
{
    private readonly TestMachine _m = new();

    /// <summary>The machine the cases run on.</summary>
    public TestMachine Machine => _m;

    public CpuOutcome Execute(CpuCase c)
    {
        _m.EnterProtectedMode();
        _m.InstallExceptionRecorder();
        _m.Memory.Write(TestMachine.CodeBase, [.. c.Code, 0xF4]);
        _m.Memory.Write(CpuCase.DataBase, c.Memory);
        for (int i = 0; i < CpuCase.Order.Length; i++) _m.Cpu[CpuCase.Order[i]] = c.Regs[i];
        _m.Cpu.Eflags = c.Eflags;
        _m.Cpu.IsHalted = false;
        var exit = _m.Cpu.Run(100);
        if (exit != ExitReason.Halted) throw new InvalidOperationException($"{c}: did not halt ({exit}, {_m.Cpu.ShutdownReason})");
        if (_m.RecordedException is { } v) return CpuOutcome.FromException(TestMachine.VectorName(v));
        uint expectedEip = TestMachine.CodeBase + (uint)c.Code.Length + 1;
        if (_m.Cpu.Eip != expectedEip) throw new InvalidOperationException($"{c}: halted at {_m.Cpu.Eip:X}, expected {expectedEip:X}");
        var memory = _m.Memory.RamSpan.Slice((int)CpuCase.DataBase, CpuCase.DataSize).ToArray();
        return new CpuOutcome([.. CpuCase.Order.Select(r => _m.Cpu[r])], _m.Cpu.Eflags, null, memory);
    }

    public void Dispose() => _m.Dispose();
}

/// <summary>Runs cases on the host and on our CPU and fails with the first differences.</summary>
public static class Differential
{
    public static void AssertSameAsHost(IReadOnlyList<CpuCase> cases) =>
        AssertAgreesWithHost(cases, (ours, host, c) => ours.Difference(host, c));

    /// <summary>
    /// Runs every case on both machines; <paramref name="difference"/> (ours, host, case) describes a disagreement
    /// or returns null; <paramref name="describe"/> names a failing case (default: its code and inputs).
    /// </summary>
    public static void AssertAgreesWithHost(IReadOnlyList<CpuCase> cases, Func<CpuOutcome, CpuOutcome, CpuCase, string?> difference,
        Func<CpuCase, string>? describe = null, string what = "")
    {
        Assert.NotEmpty(cases);
        var host = HostOracle.Instance.Run(cases);
        using var guest = new GuestRunner();
        var failures = new List<string>();
        int total = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var diff = difference(guest.Execute(cases[i]), host[i], cases[i]);
            if (diff == null) continue;
            total++;
            if (failures.Count < 12) failures.Add($"{(describe ?? (c => c.ToString()))(cases[i])}: ours vs host: {diff}");
        }
        Assert.True(total == 0, $"{total} of {cases.Count} cases differ from the host CPU{what}:\n{string.Join('\n', failures)}");
    }
}
