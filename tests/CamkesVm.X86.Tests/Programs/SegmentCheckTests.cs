using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.X86.Tests.Programs;

/// <summary>
/// Segment loads and limit/type checks in protected mode (SDM Vol. 3A, 5.3 "Limit checking", 5.4 "Type
/// checking", and the MOV-to-segment-register pseudocode in Vol. 2): limits of normal, expand-down and stack
/// segments, read-only and execute-only segments, null selectors, selectors beyond the GDT, not-present
/// descriptors and DPL rules.
/// </summary>
public class SegmentCheckTests
{
    private const ushort Small = 0x40, ExpandDown = 0x48, ReadOnly = 0x50, ExecOnly = 0x58, NotPresent = 0x60,
        SmallStack = 0x68, Dpl3Data = 0x70, ReadableCode = 0x78, UserSmallStack = 0x80;

    private static TestMachine Machine()
    {
        var m = new TestMachine();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.WriteDescriptor(TestMachine.GdtBase + Small, 0x10_0000, 0xFFF, 0x93, 0x4);
        m.WriteDescriptor(TestMachine.GdtBase + ExpandDown, 0x10_0000, 0xFFF, 0x97, 0x4);
        m.WriteDescriptor(TestMachine.GdtBase + ReadOnly, 0x10_0000, 0xFFFF, 0x91, 0x4);
        m.WriteDescriptor(TestMachine.GdtBase + ExecOnly, 0, 0xFFFFF, 0x99, 0xC);
        m.WriteDescriptor(TestMachine.GdtBase + NotPresent, 0, 0xFFFFF, 0x13, 0xC);
        m.WriteDescriptor(TestMachine.GdtBase + SmallStack, 0x20_0000, 0xFFF, 0x93, 0x4);
        m.WriteDescriptor(TestMachine.GdtBase + Dpl3Data, 0, 0xFFFFF, 0xF3, 0xC);
        m.WriteDescriptor(TestMachine.GdtBase + ReadableCode, 0, 0xFFFFF, 0x9B, 0xC);
        m.WriteDescriptor(TestMachine.GdtBase + UserSmallStack, 0x20_0000, 0xFFF, 0xF3, 0x4);
        m.Cpu.Gdtr = new DescriptorTableRegister(TestMachine.GdtBase, 0x88 - 1);
        return m;
    }

    /// <summary>Runs the program; returns (vector or null, error code, faulting EIP - CodeBase).</summary>
    private static (int? Vector, uint Error, uint Offset, TestMachine M) Run(Action<Assembler> emit, TestMachine? machine = null)
    {
        var m = machine ?? Machine();
        var a = new Assembler(32);
        emit(a);
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        return (m.RecordedException, m.RecordedErrorCode, m.RecordedEip - TestMachine.CodeBase, m);
    }

    private static void LoadEs(Assembler a, ushort sel)
    {
        a.mov(ax, sel);
        a.mov(es, ax);
    }

    [Fact]
    public void Access_within_the_limit_succeeds_and_past_it_raises_gp0()
    {
        var ok = Run(a => { LoadEs(a, Small); a.mov(__dword_ptr.es[0xFFC], 0x1234_5678); a.mov(bl, __byte_ptr.es[0xFFF]); });
        Assert.Null(ok.Vector);
        Assert.Equal(0x1234_5678u, ok.M.Memory.ReadUInt32(0x10_0FFC));
        Assert.Equal(0x12u, ok.M.Cpu.Ebx & 0xFF);
        ok.M.Dispose();
        foreach (var emit in new Action<Assembler>[]
        {
            a => a.mov(eax, __dword_ptr.es[0xFFD]),      // last byte beyond the limit
            a => a.mov(__byte_ptr.es[0x1000], 1),
            a => a.mov(eax, __dword_ptr.es[0xFFFF_FFFF]),
        })
        {
            var r = Run(a => { LoadEs(a, Small); emit(a); });
            Assert.Equal(Vector.GP, (byte)r.Vector!.Value);
            Assert.Equal(0u, r.Error);
            r.M.Dispose();
        }
    }

    [Fact]
    public void Expand_down_segment_allows_only_offsets_above_the_limit()
    {
        var ok = Run(a => { LoadEs(a, ExpandDown); a.mov(__dword_ptr.es[0x1000], 0xAA); a.mov(__dword_ptr.es[0xFFFF_FFFC], 0xBB); });
        Assert.Null(ok.Vector);
        Assert.Equal(0xAAu, ok.M.Memory.ReadUInt32(0x10_1000));
        ok.M.Dispose();
        var bad = Run(a => { LoadEs(a, ExpandDown); a.mov(eax, __dword_ptr.es[0xFFE]); });
        Assert.Equal(Vector.GP, (byte)bad.Vector!.Value);
        bad.M.Dispose();
    }

    [Fact]
    public void Stack_beyond_the_ss_limit_at_ring3_raises_ss0_on_the_kernel_stack()
    {
        using var m = Machine();
        m.WriteTssStack(0x9000);
        var k = new Assembler(32);
        ProtectedModeProgramTests.EmitIretToUser(k, ProtectedModeProgramTests.UserCode);
        m.Load(k);
        var u = new Assembler(32);
        u.mov(ax, UserSmallStack | 3);
        u.mov(ss, ax);
        u.mov(esp, 0x1002);
        var push = u.CreateLabel();
        u.Label(ref push);
        u.push(eax);                                      // writes 0xFFE–0x1001: beyond the limit 0xFFF
        var r = m.LoadProgram(u, ProtectedModeProgramTests.UserCode);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(Vector.SS, (byte)m.RecordedException!.Value);
        Assert.Equal(0u, m.RecordedErrorCode);
        Assert.Equal((uint)r.GetLabelRIP(push), m.RecordedEip);
        Assert.Equal(0x1002u, m.Memory.ReadUInt32(0x9000 - 8));            // user ESP in the frame, unchanged by the fault
    }

    [Fact]
    public void Stack_fault_on_the_handlers_own_stack_ends_in_triple_fault()
    {
        // #SS on the stack the handler needs: delivering #SS faults again (→ #DF), and so does #DF → shutdown
        // (SDM Vol. 3A, 6.15 "Interrupt 8", Table 6-5).
        using var m = Machine();
        var a = new Assembler(32);
        a.mov(ax, SmallStack);
        a.mov(ss, ax);
        a.mov(esp, 0x1002);
        a.push(eax);
        a.hlt();
        m.Load(a);
        Assert.Equal(ExitReason.Shutdown, m.Cpu.Run(1000));
    }

    [Fact]
    public void Writes_to_read_only_data_and_readable_code_raise_gp0()
    {
        var ro = Run(a => { LoadEs(a, ReadOnly); a.mov(eax, __dword_ptr.es[0x10]); a.mov(__dword_ptr.es[0x10], eax); });
        Assert.Equal(Vector.GP, (byte)ro.Vector!.Value);
        Assert.Equal(0u, ro.Error);
        ro.M.Dispose();
        var code = Run(a => { LoadEs(a, ReadableCode); a.mov(eax, __dword_ptr.es[0x1000]); a.mov(__dword_ptr.cs[0x3000], eax); });
        Assert.Equal(Vector.GP, (byte)code.Vector!.Value);
        Assert.Equal(0u, code.Error);
        code.M.Dispose();
    }

    [Theory]
    [InlineData(ExecOnly, Vector.GP, ExecOnly)]        // execute-only code is not readable
    [InlineData(NotPresent, Vector.NP, NotPresent)]
    [InlineData(0x7FF8, Vector.GP, 0x7FF8)]            // beyond the GDT limit
    [InlineData(0x0004, Vector.GP, 0x0004)]            // LDT selector with an empty LDT
    [InlineData(TestMachine.TssSel, Vector.GP, TestMachine.TssSel)]  // system descriptor
    public void Bad_data_segment_loads_fault_with_the_selector(int selector, byte vector, int error)
    {
        var r = Run(a => LoadEs(a, (ushort)selector));
        Assert.Equal(vector, (byte)r.Vector!.Value);
        Assert.Equal((uint)error, r.Error);
        r.M.Dispose();
    }

    [Fact]
    public void Null_selector_loads_into_ds_but_faults_on_use_and_cannot_load_ss()
    {
        var use = Run(a => { a.xor(eax, eax); a.mov(ds, ax); a.mov(ebx, __dword_ptr[0x1000]); });
        Assert.Equal(Vector.GP, (byte)use.Vector!.Value);
        Assert.Equal(0u, use.Error);
        use.M.Dispose();
        var ss0 = Run(a => { a.xor(eax, eax); a.mov(ss, ax); });
        Assert.Equal(Vector.GP, (byte)ss0.Vector!.Value);
        Assert.Equal(0u, ss0.Error);
        ss0.M.Dispose();
    }

    [Theory]
    [InlineData(ReadOnly)]        // SS must be writable
    [InlineData(Dpl3Data)]        // SS DPL must equal CPL
    [InlineData(ReadableCode)]
    public void Bad_stack_segment_loads_raise_gp_with_the_selector(int selector)
    {
        var r = Run(a => { a.mov(ax, (ushort)selector); a.mov(ss, ax); });
        Assert.Equal(Vector.GP, (byte)r.Vector!.Value);
        Assert.Equal((uint)selector, r.Error);
        r.M.Dispose();
    }

    [Fact]
    public void Ring3_cannot_load_a_dpl0_data_segment()
    {
        using var m = Machine();
        m.WriteTssStack(0x9000);
        var k = new Assembler(32);
        ProtectedModeProgramTests.EmitIretToUser(k, ProtectedModeProgramTests.UserCode);
        m.Load(k);
        var u = new Assembler(32);
        u.mov(ax, Dpl3Data | 3);
        u.mov(es, ax);                                    // fine
        u.mov(ax, TestMachine.Data32);
        u.mov(ds, ax);                                    // DPL 0 < CPL 3 → #GP(selector)
        u.hlt();
        m.Load(u, ProtectedModeProgramTests.UserCode);
        Assert.Equal(ExitReason.Halted, m.RunToHalt());
        Assert.Equal(Vector.GP, (byte)m.RecordedException!.Value);
        Assert.Equal((uint)TestMachine.Data32, m.RecordedErrorCode);
        Assert.Equal((ushort)(Dpl3Data | 3), m.Cpu.GetSegment(SegReg.ES).Selector);
    }
}
