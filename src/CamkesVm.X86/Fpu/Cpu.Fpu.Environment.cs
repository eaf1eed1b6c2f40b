using System.Buffers.Binary;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// FSTENV/FNSTENV, FLDENV, FSAVE/FNSAVE and FRSTOR (Intel SDM Vol. 2 pages; layouts in Vol. 1, 8.1.10,
/// Figures 8-9 to 8-12): the 28-byte (32-bit operand size) or 14-byte (16-bit) environment, in the
/// protected-mode layout (selector and offset) or, in real-address and virtual-8086 mode, the real-mode
/// layout (20/32-bit linear instruction and data pointers split around the opcode). The save area is the
/// environment followed by ST(0)–ST(7), 10 bytes each. Reserved halves of 32-bit fields are stored as ones.
/// </summary>
public sealed unsafe partial class Cpu
{
    private bool FpuRealLayout => !ProtectedMode || V86Mode;

    private static int EnvironmentSize(bool o32) => o32 ? 28 : 14;

    private void StoreFpuEnvironment(ref Insn d)
    {
        Span<byte> b = stackalloc byte[28];
        int n = EncodeFpuEnvironment(b, d.O32);
        uint lin = ProbeFpuWrite(d.Seg, EffectiveAddress(ref d), n);
        WriteFpuBytes(lin, b[..n]);
    }

    private void SaveFpuState(ref Insn d)
    {
        Span<byte> b = stackalloc byte[108];
        int n = EncodeFpuEnvironment(b, d.O32);
        for (int i = 0; i < 8; i++) EncodeFloat80(b[(n + 10 * i)..], FpuRegister(i));
        n += 80;
        uint lin = ProbeFpuWrite(d.Seg, EffectiveAddress(ref d), n);
        WriteFpuBytes(lin, b[..n]);
        ResetFpu();
    }

    private void LoadFpuEnvironment(ref Insn d)
    {
        Span<byte> b = stackalloc byte[28];
        int n = EnvironmentSize(d.O32);
        ReadFpuBytes(d.Seg, EffectiveAddress(ref d), b[..n]);
        DecodeFpuEnvironment(b, d.O32);
    }

    private void RestoreFpuState(ref Insn d)
    {
        Span<byte> b = stackalloc byte[108];
        int n = EnvironmentSize(d.O32) + 80;
        ReadFpuBytes(d.Seg, EffectiveAddress(ref d), b[..n]);
        DecodeFpuEnvironment(b, d.O32);
        int env = EnvironmentSize(d.O32);
        for (int i = 0; i < 8; i++) _fpr[(_fpuTop + i) & 7] = DecodeFloat80(b[(env + 10 * i)..]);
    }

    private int EncodeFpuEnvironment(Span<byte> b, bool o32)
    {
        bool real = FpuRealLayout;
        uint ip = real ? ((uint)_fpuCs << 4) + _fpuIp : _fpuIp;
        uint dp = real ? ((uint)_fpuDs << 4) + _fpuDp : _fpuDp;
        Span<uint> f = stackalloc uint[7];
        f[0] = _fpuControl;
        f[1] = FpuStatusWord;
        f[2] = FpuTagWord;
        if (real)
        {
            f[3] = ip & 0xFFFF;
            f[4] = ((ip >> 16) << 12) | _fpuOpcode;
            f[5] = dp & 0xFFFF;
            f[6] = (dp >> 16) << 12;
        }
        else
        {
            f[3] = ip;
            f[4] = _fpuCs | ((uint)_fpuOpcode << 16);
            f[5] = dp;
            f[6] = _fpuDs;
        }
        if (!o32)
        {
            for (int i = 0; i < 7; i++) BinaryPrimitives.WriteUInt16LittleEndian(b[(2 * i)..], (ushort)f[i]);
            return 14;
        }
        f[0] |= 0xFFFF_0000;
        f[1] |= 0xFFFF_0000;
        f[2] |= 0xFFFF_0000;
        if (real) { f[3] |= 0xFFFF_0000; f[5] |= 0xFFFF_0000; f[6] |= 0xF000_0000; }
        else f[6] |= 0xFFFF_0000;
        for (int i = 0; i < 7; i++) BinaryPrimitives.WriteUInt32LittleEndian(b[(4 * i)..], f[i]);
        return 28;
    }

    private void DecodeFpuEnvironment(ReadOnlySpan<byte> b, bool o32)
    {
        bool real = FpuRealLayout;
        Span<uint> f = stackalloc uint[7];
        for (int i = 0; i < 7; i++)
            f[i] = o32 ? BinaryPrimitives.ReadUInt32LittleEndian(b[(4 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * i)..]);
        _fpuControl = ControlWordFrom(f[0]);
        ushort sw = (ushort)f[1];
        _fpuTop = (sw >> 11) & 7;
        _fpuStatus = (ushort)(sw & ~(SwEs | SwBusy));
        if ((sw & ~_fpuControl & 0x3F) != 0) _fpuStatus |= SwEs | SwBusy;
        _fpuEmpty = 0;
        for (int i = 0; i < 8; i++)
            if (((f[2] >> (2 * i)) & 3) == 3) _fpuEmpty |= 1 << i;
        uint highMask = o32 ? 0xFFFFu : 0xFu;
        if (real)
        {
            _fpuCs = _fpuDs = 0;
            _fpuIp = (f[3] & 0xFFFF) | (((f[4] >> 12) & highMask) << 16);
            _fpuOpcode = (ushort)(f[4] & 0x7FF);
            _fpuDp = (f[5] & 0xFFFF) | (((f[6] >> 12) & highMask) << 16);
            return;
        }
        _fpuIp = o32 ? f[3] : f[3] & 0xFFFF;
        _fpuCs = (ushort)f[4];
        _fpuOpcode = o32 ? (ushort)((f[4] >> 16) & 0x7FF) : (ushort)0;
        _fpuDp = o32 ? f[5] : f[5] & 0xFFFF;
        _fpuDs = (ushort)f[6];
    }
}
