using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CamkesVm.X86.Io;
using CamkesVm.X86.Memory;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// A 32-bit i686 (Pentium Pro/II class) processor: an interpreter over a <see cref="PhysicalMemory"/>
/// and an <see cref="IPortHandler"/>. This file holds the architectural state; the other parts of the
/// class implement decoding, execution, segmentation, paging, exceptions and the x87 FPU.
/// The CPU is driven only through its public members (the embedding API, see the README).
/// </summary>
public sealed unsafe partial class Cpu : IDisposable
{
    private readonly uint* _r;                       // EAX..EDI, native so 8/16-bit views need no pinning
    private SegmentFile _seg;                         // ES CS SS DS FS GS, inline: no array indirection on access
    private uint _eip;
    private uint _flags;                              // EFLAGS except the lazily computed arithmetic bits
    private uint _cr0, _cr2, _cr3, _cr4;
    private readonly uint[] _dr = new uint[8];
    private int _cpl;
    private bool _halted;

    /// <summary>Creates a CPU in the state after RESET (Intel SDM Vol. 3A, 9.1.1), over the given memory and ports.</summary>
    public Cpu(PhysicalMemory memory, IPortHandler? ports = null)
    {
        Memory = memory;
        Ports = ports ?? OpenBusPorts.Instance;
        _r = (uint*)NativeMemory.AllocZeroed(8 * sizeof(uint));
        InitTlb();
        Reset();
    }

    /// <summary>Guest-physical memory the CPU runs on.</summary>
    public PhysicalMemory Memory { get; }

    /// <summary>The I/O port space.</summary>
    public IPortHandler Ports { get; set; }

    /// <summary>The interrupt controller answering INTA cycles (null: no external interrupts).</summary>
    public IInterruptController? InterruptController { get; set; }

    /// <summary>Instructions retired since reset.</summary>
    public long InstructionCount { get; private set; }

    /// <summary>Human-readable reason for the last <see cref="ExitReason.Shutdown"/>.</summary>
    public string? ShutdownReason { get; private set; }

    /// <summary>Called for diagnostics the guest caused (unsupported features), never on hot paths.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Puts the processor in its power-up state: real mode, CS:IP = F000:FFF0 with base FFFF0000.</summary>
    public void Reset()
    {
        for (int i = 0; i < 8; i++) _r[i] = 0;
        _r[(int)Reg32.EDX] = 0x0000_0600; // family 6 signature in EDX after reset
        _flags = Flags.Reserved1;
        SetLazyFlagsFrom(0);
        _eip = 0xFFF0;
        _cr0 = CrBits.ET | CrBits.CD | CrBits.NW;
        _cr2 = _cr3 = _cr4 = 0;
        Array.Clear(_dr);
        _dr[6] = 0xFFFF0FF0;
        _dr[7] = 0x400;
        _codeBreakpointsArmed = _dataBreakpointsArmed = _ioBreakpointsArmed = false;
        _dataTrapHits = 0;
        _cpl = 0;
        _halted = false;
        for (int s = 0; s < 6; s++) SetRealModeSegment(s, 0, 0x93);
        SetRealModeSegment((int)SegReg.CS, 0xF000, 0x9B);
        _seg[(int)SegReg.CS].Base = 0xFFFF_0000;
        Gdtr = Idtr = new DescriptorTableRegister(0, 0xFFFF);
        Ldtr = Tr = default;
        Ldtr.Refresh(false);
        Tr.Refresh(false);
        ResetFpu();
        ResetMsrs();
        FlushTlb(global: true);
    }

    private void SetRealModeSegment(int s, ushort selector, ushort rights)
    {
        ref var seg = ref _seg[s];
        seg.Selector = selector;
        seg.Base = (uint)selector << 4;
        seg.Limit = 0xFFFF;
        seg.Rights = rights;
        seg.Refresh(true);
    }

    // ---- general-purpose registers ------------------------------------------------------------

    /// <summary>Gets or sets a 32-bit general-purpose register.</summary>
    public uint this[Reg32 r]
    {
        get => _r[(int)r & 7];
        set => _r[(int)r & 7] = value;
    }

    /// <summary>EAX.</summary>
    public uint Eax { get => _r[0]; set => _r[0] = value; }
    /// <summary>ECX.</summary>
    public uint Ecx { get => _r[1]; set => _r[1] = value; }
    /// <summary>EDX.</summary>
    public uint Edx { get => _r[2]; set => _r[2] = value; }
    /// <summary>EBX.</summary>
    public uint Ebx { get => _r[3]; set => _r[3] = value; }
    /// <summary>ESP.</summary>
    public uint Esp { get => _r[4]; set => _r[4] = value; }
    /// <summary>EBP.</summary>
    public uint Ebp { get => _r[5]; set => _r[5] = value; }
    /// <summary>ESI.</summary>
    public uint Esi { get => _r[6]; set => _r[6] = value; }
    /// <summary>EDI.</summary>
    public uint Edi { get => _r[7]; set => _r[7] = value; }

    /// <summary>Instruction pointer (offset within CS).</summary>
    public uint Eip { get => _eip; set { _eip = value; InvalidateFetch(); } }

    /// <summary>EFLAGS, with the arithmetic flags computed from the lazy state.</summary>
    public uint Eflags
    {
        get => ReadEflags();
        set => WriteEflagsRaw(value);
    }

    /// <summary>Current privilege level (the RPL/DPL of CS).</summary>
    public int Cpl => _cpl;

    /// <summary>True when EFLAGS.IF is set.</summary>
    public bool InterruptsEnabled => (_flags & Flags.IF) != 0;

    /// <summary>True after HLT until an interrupt arrives.</summary>
    public bool IsHalted { get => _halted; set => _halted = value; }

    /// <summary>Protected mode is on (CR0.PE).</summary>
    public bool ProtectedMode => (_cr0 & CrBits.PE) != 0;

    /// <summary>Virtual-8086 mode is on (EFLAGS.VM in protected mode).</summary>
    public bool V86Mode => (_flags & Flags.VM) != 0;

    /// <summary>Paging is on (CR0.PG).</summary>
    public bool PagingEnabled => (_cr0 & CrBits.PG) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref SegmentCache Seg(int s) => ref Unsafe.Add(ref Unsafe.As<SegmentFile, SegmentCache>(ref _seg), s);

    [InlineArray(6)]
    private struct SegmentFile { private SegmentCache _first; }

    // ---- segments and tables ------------------------------------------------------------------

    /// <summary>Returns a copy of a segment register with its descriptor cache.</summary>
    public SegmentCache GetSegment(SegReg s) => _seg[(int)s];

    /// <summary>
    /// Sets a segment register and its descriptor cache directly, without descriptor-table checks
    /// (for loaders and tests; like a VMM writing VMCS guest state). Setting CS also sets the CPL to its DPL
    /// in protected mode.
    /// </summary>
    public void SetSegment(SegReg s, ushort selector, uint baseAddress, uint limit, ushort rights)
    {
        ref var seg = ref _seg[(int)s];
        seg.Selector = selector;
        seg.Base = baseAddress;
        seg.Limit = limit;
        seg.Rights = rights;
        seg.Refresh(true);
        if (!ProtectedMode || V86Mode) ForceRealAccess(ref seg);
        if (s == SegReg.CS)
        {
            _cpl = ProtectedMode ? (V86Mode ? 3 : seg.Dpl) : 0;
            InvalidateFetch();
        }
    }

    /// <summary>GDTR.</summary>
    public DescriptorTableRegister Gdtr;
    /// <summary>IDTR.</summary>
    public DescriptorTableRegister Idtr;
    /// <summary>LDTR with its cache (selector, base, limit, rights).</summary>
    public SegmentCache Ldtr;
    /// <summary>Task register with its cache.</summary>
    public SegmentCache Tr;

    // ---- control and debug registers ----------------------------------------------------------

    /// <summary>CR0. Writing it applies the same side effects as MOV CR0 (TLB flush on PG/WP changes).</summary>
    public uint Cr0 { get => _cr0; set => WriteCr0(value); }
    /// <summary>CR2 (page-fault linear address).</summary>
    public uint Cr2 { get => _cr2; set => _cr2 = value; }
    /// <summary>CR3 (page-directory base). Writing flushes non-global TLB entries.</summary>
    public uint Cr3 { get => _cr3; set { _cr3 = value; FlushTlb(global: false); } }
    /// <summary>CR4.</summary>
    public uint Cr4 { get => _cr4; set => WriteCr4(value); }

    /// <summary>Reads debug register DR0–DR7 (DR4/DR5 alias DR6/DR7).</summary>
    public uint GetDebugRegister(int n) => _dr[DebugAlias(n & 7)];

    /// <summary>Writes debug register DR0–DR7.</summary>
    public void SetDebugRegister(int n, uint value) => WriteDr(n & 7, value);

    /// <summary>Frees native state.</summary>
    public void Dispose()
    {
        NativeMemory.Free(_r);
        GC.SuppressFinalize(this);
    }
}

/// <summary>GDTR/IDTR: a linear base and a 16-bit limit (Intel SDM Vol. 3A, 2.4).</summary>
public record struct DescriptorTableRegister(uint Base, ushort Limit);
