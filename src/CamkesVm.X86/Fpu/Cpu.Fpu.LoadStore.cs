using CamkesVm.X86.Fpu;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Data transfer (Intel SDM Vol. 1, 8.3.3; Vol. 2 pages FLD, FILD, FBLD, FST/FSTP, FIST/FISTP, FBSTP, FXCH,
/// FCMOVcc, FFREE, FLD1/FLDZ/FLDPI/...): loads push (stack overflow: #IS with C1 = 1), stores from an empty
/// ST(0) raise #IS with C1 = 0 and write the indefinite of the destination format when #I is masked. The
/// constants are the SDM's 66-bit internal values rounded by RC (Vol. 1, 8.3.8).
/// </summary>
public sealed unsafe partial class Cpu
{
    private Float80 ReadIeeeOperand(int seg, uint offset, FloatFormat f, out FpuContext c, bool forLoad = false)
    {
        ulong bits = f.Precision == 24 ? ReadMem(seg, offset, 4) : ReadFpu64(seg, offset);
        c = new FpuContext(_fpuControl);
        return Conversions.FromIeee(bits, f, ref c, forLoad);
    }

    private Float80 ReadBcdOperand(int seg, uint offset)
    {
        Span<byte> b = stackalloc byte[10];
        ReadFpuBytes(seg, offset, b);
        return Conversions.FromBcd(b);
    }

    private void FpuLoad(Float80 v, ref FpuContext c) => FpuPushResult(v, ref c);

    private void FpuLoadExact(Float80 v) => FpuPush(v);

    private void FpuLoadRegister(int i)
    {
        if (StEmpty(i))
        {
            if (StackUnderflow()) FpuPush(Float80.Indefinite);
            return;
        }
        FpuPush(St(i));
    }

    private static readonly (ulong Significand, ushort SignExponent, bool RoundsUpOnUp)[] Constants =
    [
        (0x8000_0000_0000_0000, 0x3FFF, false),   // FLD1
        (0xD49A_784B_CD1B_8AFE, 0x4000, true),    // FLDL2T: log2(10)
        (0xB8AA_3B29_5C17_F0BC, 0x3FFF, false),   // FLDL2E: log2(e)
        (0xC90F_DAA2_2168_C235, 0x4000, false),   // FLDPI
        (0x9A20_9A84_FBCF_F799, 0x3FFD, false),   // FLDLG2: log10(2)
        (0xB172_17F7_D1CF_79AC, 0x3FFE, false),   // FLDLN2: ln(2)
        (0, 0, false),                            // FLDZ
    ];

    private void FpuLoadConstant(int i)
    {
        var (m, se, upOnUp) = Constants[i];
        int rc = (_fpuControl >> 10) & 3;
        if (upOnUp && rc == 2) m++;
        else if (!upOnUp && i is >= 2 and <= 5 && rc is 1 or 3) m--;
        FpuPush(new Float80(m, se));
    }

    /// <summary>Value to store from ST(0), or null when ST(0) is empty and #IS is unmasked.</summary>
    private bool FpuStoreSource(out Float80 v)
    {
        v = St(0);
        if (!StEmpty(0)) return true;
        v = Float80.Indefinite;
        return StackUnderflow();
    }

    private void FpuStoreIeee(int seg, uint offset, FloatFormat f, bool pop)
    {
        int size = f.Precision == 24 ? 4 : 8;
        uint lin = ProbeFpuWrite(seg, offset, size);
        if (!FpuStoreSource(out var v)) return;
        var c = new FpuContext(_fpuControl) { ToMemory = true };
        ulong bits = Conversions.ToIeee(v, f, ref c);
        if (!CommitFpu(ref c)) return;
        WriteFpuValue(lin, bits, size);
        if (pop) FpuPop();
    }

    private void FpuStoreInteger(int seg, uint offset, int size, bool pop)
    {
        uint lin = ProbeFpuWrite(seg, offset, size);
        if (!FpuStoreSource(out var v)) return;
        var c = new FpuContext(_fpuControl) { ToMemory = true };
        ulong bits = Conversions.ToInteger(v, size, ref c);
        if (!CommitFpu(ref c)) return;
        WriteFpuValue(lin, bits, size);
        if (pop) FpuPop();
    }

    private void FpuStoreExtended(int seg, uint offset)
    {
        uint lin = ProbeFpuWrite(seg, offset, 10);
        if (!FpuStoreSource(out var v)) return;
        SetC1(false);
        WriteFpu80(lin, v);
        FpuPop();
    }

    private void FpuStoreBcd(int seg, uint offset)
    {
        uint lin = ProbeFpuWrite(seg, offset, 10);
        if (!FpuStoreSource(out var v)) return;
        var c = new FpuContext(_fpuControl) { ToMemory = true };
        Span<byte> b = stackalloc byte[10];
        Conversions.ToBcd(v, b, ref c);
        if (!CommitFpu(ref c)) return;
        WriteFpuBytes(lin, b);
        FpuPop();
    }

    /// <summary>FST/FSTP ST(i): an exact copy (no rounding, SNaNs copied as they are).</summary>
    private void FpuStoreRegister(int i, bool pop)
    {
        if (!FpuStoreSource(out var v)) return;
        SetC1(false);
        SetSt(i, v);
        if (pop) FpuPop();
    }

    private void FpuFree(int i) => _fpuEmpty |= 1 << ((_fpuTop + i) & 7);

    private void FpuExchange(int i)
    {
        Float80 a = St(0), b = St(i);
        if (StEmpty(0) || StEmpty(i))
        {
            if (!StackUnderflow()) return;
            if (StEmpty(0)) a = Float80.Indefinite;
            if (StEmpty(i)) b = Float80.Indefinite;
        }
        else SetC1(false);
        SetSt(0, b);
        SetSt(i, a);
    }

    private void FpuCmov(int i, bool condition)
    {
        if (StEmpty(0) || StEmpty(i))
        {
            if (StackUnderflow()) SetSt(0, Float80.Indefinite);
            return;
        }
        SetC1(false);
        if (condition) SetSt(0, St(i));
    }
}
