using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;

namespace CamkesVm.X86.Tests.Coverage;

/// <summary>Executes one opcode cell at CPL0 in flat protected mode and reports the exception it raised, if any.</summary>
public sealed class SlotRunner : IDisposable
{
    private readonly TestMachine _m = new();

    /// <summary>The vector name ("#UD"), or null when the cell ran without an exception (or exited the CPU).</summary>
    public string? Run(OpcodeSlot slot)
    {
        _m.Memory.RamSpan[..0x20000].Clear();
        _m.Cpu.Reset();
        _m.EnterProtectedMode();
        _m.InstallExceptionRecorder();
        _m.Memory.Write(TestMachine.CodeBase, [.. slot.Bytes, 0xF4]);
        foreach (var r in new[] { Reg32.EAX, Reg32.ECX, Reg32.EDX, Reg32.EBX, Reg32.EBP, Reg32.ESI, Reg32.EDI }) _m.Cpu[r] = 0x4000;
        _m.Cpu.Run(20);
        return _m.RecordedException is { } v && _m.RecordedEip == TestMachine.CodeBase ? TestMachine.VectorName(v) : null;
    }

    public void Dispose() => _m.Dispose();
}
