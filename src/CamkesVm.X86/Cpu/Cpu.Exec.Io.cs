namespace CamkesVm.X86.Cpu;

/// <summary>
/// IN/OUT with the I/O privilege rules: allowed when CPL ≤ IOPL in protected mode, otherwise the TSS I/O
/// permission bitmap decides (Intel SDM Vol. 1, 19.5). Virtual-8086 mode always consults the bitmap.
/// </summary>
public sealed unsafe partial class Cpu
{
    private void PortIo(ref Insn d, int op)
    {
        int s = (op & 1) == 0 ? 1 : d.OpSize;
        ushort port = op >= 0xEC ? (ushort)_r[2] : (ushort)d.Imm;
        CheckIoPermission(port, s);
        CheckIoBreakpoint(port, s);
        if ((op & 2) == 0) SetReg(0, Ports.In(port, s), s);
        else Ports.Out(port, GetReg(0, s), s);
    }

    private void CheckIoPermission(ushort port, int size)
    {
        if (!ProtectedMode || (!V86Mode && _cpl <= Iopl)) return;
        bool tss32 = Tr.Present && (Tr.Type & 8) != 0;
        if (!tss32 || Tr.Limit < 0x67) Fault(Vector.GP, 0);
        uint bitmap = ReadSystem(Tr.Base + 0x66, 2);
        uint at = bitmap + (uint)(port >> 3);
        if (at + 1 > Tr.Limit) Fault(Vector.GP, 0);
        uint bits = ReadSystem(Tr.Base + at, 2) >> (port & 7);
        if ((bits & ((1u << size) - 1)) != 0) Fault(Vector.GP, 0);
    }
}
