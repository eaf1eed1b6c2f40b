using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Debug;

/// <summary>What the #DB handler of <see cref="DebugHarness"/> saw on one debug exception.</summary>
public readonly record struct DebugHit(uint Dr6, uint Eip, uint Eflags, uint Dr7)
{
    public uint BreakpointBits => Dr6 & 0xF;
    public bool SingleStep => (Dr6 & 0x4000) != 0;
    public bool GeneralDetect => (Dr6 & 0x2000) != 0;
    public bool ResumeFlag => (Eflags & 0x1_0000) != 0;
    public override string ToString() => $"DR6={Dr6:X8} EIP={Eip:X} EFLAGS={Eflags:X} DR7={Dr7:X}";
}

/// <summary>
/// Flat protected mode at CPL0 with an interrupt-gate #DB handler that logs DR6, the pushed EIP and EFLAGS and
/// DR7, clears DR6's status bits as a debugger must (SDM Vol. 3B, 17.2.3), and — from the
/// <see cref="SetRfFromHit"/>-th hit on — sets RF in the EFLAGS image so IRET resumes past an instruction
/// breakpoint (17.3.1.1). Other exceptions go to <see cref="TestMachine.InstallExceptionRecorder"/>.
/// </summary>
public sealed class DebugHarness : IDisposable
{
    private const uint Handler = 0x3000, Log = 0x3800, Count = Log, RfFrom = Log + 4, Entries = Log + 0x10;
    private const int MaxHits = 16;

    public DebugHarness(uint setRfFromHit = 1)
    {
        M.EnterProtectedMode();
        M.InstallExceptionRecorder();
        M.Load(HandlerCode(), Handler);
        M.WriteGate(TestMachine.RecorderIdt, 1, TestMachine.Code32, Handler);
        M.Memory.WriteUInt32(RfFrom, setRfFromHit);
    }

    public TestMachine M { get; } = new();

    public uint SetRfFromHit => M.Memory.ReadUInt32(RfFrom);

    /// <summary>Loads the program at <see cref="TestMachine.CodeBase"/>; returns the result for label addresses.</summary>
    public AssemblerResult Load(Assembler a) => M.LoadProgram(a);

    /// <summary>Runs to HLT and fails if any other exception was taken.</summary>
    public IReadOnlyList<DebugHit> Run()
    {
        Assert.Equal(ExitReason.Halted, M.RunToHalt(10_000));
        Assert.Null(M.RecordedException is { } v ? TestMachine.VectorName(v) : null);
        return Hits;
    }

    public IReadOnlyList<DebugHit> Hits
    {
        get
        {
            var hits = new List<DebugHit>();
            uint n = Math.Min(M.Memory.ReadUInt32(Count), MaxHits);
            for (uint i = 0; i < n; i++)
            {
                uint at = Entries + i * 16;
                hits.Add(new DebugHit(M.Memory.ReadUInt32(at), M.Memory.ReadUInt32(at + 4),
                    M.Memory.ReadUInt32(at + 8), M.Memory.ReadUInt32(at + 12)));
            }
            return hits;
        }
    }

    /// <summary>DR7 value enabling breakpoint <paramref name="n"/> (local or global) with R/W and LEN fields (SDM Figure 17-1).</summary>
    public static uint Dr7Enable(int n, int rw, int length, bool global = false)
    {
        uint lenBits = length switch { 1 => 0u, 2 => 1u, 4 => 3u, _ => throw new ArgumentOutOfRangeException(nameof(length)) };
        uint enable = (global ? 2u : 1u) << (2 * n);
        return 0x400 | enable | ((uint)rw | lenBits << 2) << (16 + 4 * n);
    }

    public static Label Mark(Assembler a)
    {
        var l = a.CreateLabel();
        a.Label(ref l);
        return l;
    }

    private static Assembler HandlerCode()
    {
        var a = new Assembler(32);
        var noRf = a.CreateLabel();
        var notRunaway = a.CreateLabel();
        a.push(eax);
        a.push(ebx);
        a.mov(ebx, __dword_ptr[Count]);
        a.shl(ebx, 4);
        a.mov(eax, dr6);
        a.mov(__dword_ptr[ebx + Entries], eax);
        a.mov(eax, __dword_ptr[esp + 8]);                   // pushed EIP (above saved EBX, EAX)
        a.mov(__dword_ptr[ebx + Entries + 4], eax);
        a.mov(eax, __dword_ptr[esp + 16]);                  // pushed EFLAGS (EIP, CS, EFLAGS)
        a.mov(__dword_ptr[ebx + Entries + 8], eax);
        a.mov(eax, dr7);
        a.mov(__dword_ptr[ebx + Entries + 12], eax);
        a.inc(__dword_ptr[Count]);
        a.mov(eax, 0xFFFF_0FF0u);
        a.mov(dr6, eax);
        a.mov(eax, __dword_ptr[Count]);
        a.cmp(eax, __dword_ptr[RfFrom]);
        a.jb(noRf);
        a.or(__dword_ptr[esp + 16], 0x1_0000);
        a.Label(ref noRf);
        a.cmp(eax, MaxHits);
        a.jb(notRunaway);
        a.mov(eax, 0x400);                                  // a runaway: disable breakpoints and single-step
        a.mov(dr7, eax);
        a.and(__dword_ptr[esp + 16], ~0x100);
        a.Label(ref notRunaway);
        a.pop(ebx);
        a.pop(eax);
        a.iretd();
        return a;
    }

    public void Dispose() => M.Dispose();
}
