using CamkesVm.X86.Cpu;
using CamkesVm.X86.Io;
using CamkesVm.X86.Memory;
using Iced.Intel;

namespace CamkesVm.X86.Tests.Support;

/// <summary>
/// A bare machine for CPU tests: RAM, a recording port space with a debug-exit port, and helpers that put
/// the CPU straight into a known mode (real, flat 32-bit protected with a GDT) and run assembled code.
/// </summary>
public sealed class TestMachine : IDisposable
{
    /// <summary>Where test code is placed by default.</summary>
    public const uint CodeBase = 0x1000;
    /// <summary>The GDT built by <see cref="EnterProtectedMode"/>.</summary>
    public const uint GdtBase = 0x500;
    /// <summary>Top of the default stack.</summary>
    public const uint StackTop = 0x8000;

    /// <summary>Selectors of the standard GDT.</summary>
    public const ushort Code32 = 0x08, Data32 = 0x10, Code16 = 0x18, Data16 = 0x20, UserCode = 0x2B, UserData = 0x33, TssSel = 0x38;
    /// <summary>Where the TSS lives.</summary>
    public const uint TssBase = 0x600;

    public TestMachine(uint ramBytes = 4 << 20)
    {
        Memory = new PhysicalMemory(ramBytes);
        Ports = new RecordingPorts();
        Cpu = new Cpu.Cpu(Memory, Ports);
    }

    public PhysicalMemory Memory { get; }
    public RecordingPorts Ports { get; }
    public Cpu.Cpu Cpu { get; }

    /// <summary>Assembles with Iced at <paramref name="address"/> (bitness 16 or 32) and writes it to memory.</summary>
    public byte[] Load(Assembler asm, uint address = CodeBase)
    {
        var writer = new CodeWriterImpl();
        asm.Assemble(writer, address);
        var bytes = writer.ToArray();
        Memory.Write(address, bytes);
        return bytes;
    }

    /// <summary>Flat 32-bit protected mode at CPL0, paging off; EIP = <paramref name="eip"/>, ESP = <see cref="StackTop"/>.</summary>
    public void EnterProtectedMode(uint eip = CodeBase)
    {
        WriteGdt();
        Cpu.Gdtr = new DescriptorTableRegister(GdtBase, 8 * 8 - 1);
        Cpu.Cr0 = CrBits.PE | CrBits.ET;
        Cpu.SetSegment(SegReg.CS, Code32, 0, 0xFFFF_FFFF, 0xC09B);
        foreach (var s in new[] { SegReg.DS, SegReg.ES, SegReg.SS, SegReg.FS, SegReg.GS })
            Cpu.SetSegment(s, Data32, 0, 0xFFFF_FFFF, 0xC093);
        Cpu.Esp = StackTop;
        Cpu.Eip = eip;
    }

    /// <summary>Writes an 8-entry GDT: null, code32, data32, code16, data16, user code, user data, 32-bit TSS.</summary>
    public void WriteGdt()
    {
        WriteDescriptor(GdtBase, 0, 0, 0, 0);
        WriteDescriptor(GdtBase + 0x08, 0, 0xFFFFF, 0x9B, 0xC);
        WriteDescriptor(GdtBase + 0x10, 0, 0xFFFFF, 0x93, 0xC);
        WriteDescriptor(GdtBase + 0x18, 0, 0xFFFF, 0x9B, 0x0);
        WriteDescriptor(GdtBase + 0x20, 0, 0xFFFF, 0x93, 0x0);
        WriteDescriptor(GdtBase + 0x28, 0, 0xFFFFF, 0xFB, 0xC);
        WriteDescriptor(GdtBase + 0x30, 0, 0xFFFFF, 0xF3, 0xC);
        WriteDescriptor(GdtBase + 0x38, TssBase, 0x67, 0x89, 0x0);
    }

    /// <summary>Writes a segment descriptor (access byte and flags nibble as in the SDM's Figure 3-8).</summary>
    public void WriteDescriptor(uint at, uint baseAddress, uint limit, byte access, byte flags)
    {
        uint lo = (limit & 0xFFFF) | (baseAddress << 16);
        uint hi = ((baseAddress >> 16) & 0xFF) | ((uint)access << 8) | (limit & 0xF0000) | ((uint)flags << 20) | (baseAddress & 0xFF00_0000);
        Memory.WriteUInt32(at, lo);
        Memory.WriteUInt32(at + 4, hi);
    }

    /// <summary>Writes a 32-bit interrupt (0xE) or trap (0xF) gate into an IDT at <paramref name="idtBase"/>.</summary>
    public void WriteGate(uint idtBase, int vector, ushort selector, uint offset, byte type = 0xE, int dpl = 0)
    {
        uint lo = (offset & 0xFFFF) | ((uint)selector << 16);
        uint hi = (offset & 0xFFFF_0000) | 0x8000 | ((uint)dpl << 13) | ((uint)type << 8);
        Memory.WriteUInt32(idtBase + (uint)vector * 8, lo);
        Memory.WriteUInt32(idtBase + (uint)vector * 8 + 4, hi);
    }

    /// <summary>IDT with recording handlers (see <see cref="InstallExceptionRecorder"/>).</summary>
    public const uint RecorderIdt = 0x2000;
    private const uint RecorderStubs = 0x2800, RecorderSlot = 0x2F00;

    /// <summary>
    /// Points IDTR at 32 interrupt gates whose handlers store the vector number, the error code (for the vectors
    /// that push one) and the faulting EIP, then halt, so a test sees which exception an instruction raised
    /// (<see cref="RecordedException"/>, <see cref="RecordedErrorCode"/>, <see cref="RecordedEip"/>).
    /// </summary>
    public void InstallExceptionRecorder()
    {
        for (int v = 0; v < 32; v++)
        {
            uint stub = RecorderStubs + (uint)v * 32;
            var code = new List<byte>();
            // SS-relative (36 prefix): DS may be null after a return to ring 3; SS is always valid in a handler.
            if (v is 8 or (>= 10 and <= 14) or 17) code.AddRange([0x36, 0x8F, 0x05, .. BitConverter.GetBytes(RecorderSlot + 4)]); // pop [error]
            code.AddRange([0x36, 0x8F, 0x05, .. BitConverter.GetBytes(RecorderSlot + 8)]);                                          // pop [eip]
            code.AddRange([0x36, 0xC7, 0x05, .. BitConverter.GetBytes(RecorderSlot), .. BitConverter.GetBytes(v), 0xF4]);          // mov [vector], v; hlt
            Memory.Write(stub, code.ToArray());
            WriteGate(RecorderIdt, v, Code32, stub);
        }
        Memory.WriteUInt32(RecorderSlot, 0xFFFF_FFFF);
        Memory.WriteUInt32(RecorderSlot + 4, 0xFFFF_FFFF);
        Cpu.Idtr = new DescriptorTableRegister(RecorderIdt, 32 * 8 - 1);
    }

    /// <summary>The vector the recorder's handlers saw, or null.</summary>
    public int? RecordedException
    {
        get
        {
            uint v = Memory.ReadUInt32(RecorderSlot);
            return v == 0xFFFF_FFFF ? null : (int)v;
        }
    }

    /// <summary>The error code the recorded exception pushed (0xFFFFFFFF if none).</summary>
    public uint RecordedErrorCode => Memory.ReadUInt32(RecorderSlot + 4);

    /// <summary>The EIP the recorded exception pushed.</summary>
    public uint RecordedEip => Memory.ReadUInt32(RecorderSlot + 8);

    /// <summary>Writes the ring-0 stack of the TSS at <see cref="TssBase"/> (SS0 = <see cref="Data32"/>).</summary>
    public void WriteTssStack(uint esp0)
    {
        Memory.WriteUInt32(TssBase + 4, esp0);
        Memory.WriteUInt32(TssBase + 8, Data32);
    }

    /// <summary>Loads TR with the TSS at <see cref="TssBase"/> (ring-0 stack <paramref name="esp0"/>) without any check.</summary>
    public void LoadTss(uint esp0)
    {
        WriteTssStack(esp0);
        Cpu.Tr = new SegmentCache { Selector = TssSel, Base = TssBase, Limit = 0x67, Rights = 0x8B };
        Cpu.Tr.Refresh(true);
    }

    /// <summary>Puts the CPU at CPL3 with the flat user code and data segments (after <see cref="EnterProtectedMode"/>).</summary>
    public void EnterUserSegments()
    {
        Cpu.SetSegment(SegReg.CS, UserCode, 0, 0xFFFF_FFFF, 0xC0FB);
        foreach (var s in new[] { SegReg.DS, SegReg.ES, SegReg.SS, SegReg.FS, SegReg.GS })
            Cpu.SetSegment(s, UserData, 0, 0xFFFF_FFFF, 0xC0F3);
    }

    /// <summary>Assembles and loads like <see cref="Load"/> and returns the result for label addresses.</summary>
    public AssemblerResult LoadProgram(Assembler asm, uint address = CodeBase)
    {
        var writer = new CodeWriterImpl();
        var result = asm.Assemble(writer, address, BlockEncoderOptions.ReturnNewInstructionOffsets);
        Memory.Write(address, writer.ToArray());
        return result;
    }

    /// <summary>The SDM mnemonic of an exception vector ("#DE", "#GP", ...).</summary>
    public static string VectorName(int v) => v switch
    {
        0 => "#DE", 1 => "#DB", 3 => "#BP", 4 => "#OF", 5 => "#BR", 6 => "#UD", 7 => "#NM", 8 => "#DF",
        10 => "#TS", 11 => "#NP", 12 => "#SS", 13 => "#GP", 14 => "#PF", 16 => "#MF", 17 => "#AC", _ => $"#{v}",
    };

    /// <summary>
    /// A new machine in flat protected mode with the exception recorder that runs <paramref name="code"/> (then HLT)
    /// at <see cref="CodeBase"/>, after <paramref name="setup"/>; at CPL3 with the TSS loaded when <paramref name="user"/>.
    /// </summary>
    public static TestMachine RunProgram(Action<Assembler> code, Action<TestMachine>? setup = null, bool user = false)
    {
        var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        setup?.Invoke(m);
        var a = new Assembler(32);
        code(a);
        a.hlt();
        m.Load(a);
        if (user)
        {
            m.LoadTss(0x7000);
            m.EnterUserSegments();
        }
        m.RunToHalt(10_000);
        return m;
    }

    /// <summary>Runs until HLT (or the budget ends); fails the test on shutdown or an unexpected exit.</summary>
    public ExitReason RunToHalt(long maxInstructions = 1_000_000)
    {
        var r = Cpu.Run(maxInstructions);
        if (r == ExitReason.Shutdown) throw new InvalidOperationException($"CPU shut down: {Cpu.ShutdownReason}");
        return r;
    }

    public void Dispose()
    {
        Cpu.Dispose();
        Memory.Dispose();
    }

    private sealed class CodeWriterImpl : CodeWriter
    {
        private readonly List<byte> _bytes = [];
        public override void WriteByte(byte value) => _bytes.Add(value);
        public byte[] ToArray() => [.. _bytes];
    }
}

/// <summary>
/// Port space that records OUTs (debug output on 0xE9, exit codes on 0xF4) and answers INs from a table.
/// Only the first <see cref="MaxRecorded"/> writes are kept, so a runaway REP OUTS cannot exhaust the host.
/// </summary>
public sealed class RecordingPorts : IPortHandler
{
    public const int MaxRecorded = 100_000;
    public List<(ushort Port, uint Value, int Size)> Writes { get; } = [];
    public Dictionary<ushort, uint> Inputs { get; } = [];

    public uint In(ushort port, int size) =>
        Inputs.TryGetValue(port, out var v) ? v : size == 4 ? 0xFFFF_FFFF : (1u << (size * 8)) - 1;

    public void Out(ushort port, uint value, int size)
    {
        if (Writes.Count < MaxRecorded) Writes.Add((port, value, size));
    }
}
