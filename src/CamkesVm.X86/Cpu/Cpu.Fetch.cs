using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Instruction fetch through CS: a one-page cache of the current code page's host address, refilled
/// through the TLB. Each byte is checked against the CS limit (#GP(0), SDM Vol. 3A, 5.3).
/// </summary>
public sealed unsafe partial class Cpu
{
    private uint _fetchPage = NoTag;   // linear page (tag) cached in _fetchHost
    private byte* _fetchHost;

    private void InvalidateFetch() => _fetchPage = NoTag;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte FetchByte(uint offset)
    {
        ref var cs = ref Seg((int)SegReg.CS);
        if (offset > cs.HighOffset) Fault(Vector.GP, 0);
        uint lin = cs.Base + offset;
        if ((lin & 0xFFFF_F000) == _fetchPage) return _fetchHost[lin & 0xFFF];
        return FetchSlow(lin);
    }

    private byte FetchSlow(uint lin)
    {
        int i = _fetchMmu + ((int)(lin >> 12) & TlbMask);
        uint tag = lin & 0xFFFF_F000;
        byte* host = _tlbReadTag[i] == tag
            ? (byte*)(_tlbAddend[i] + (nint)tag)
            : TranslateToHost(lin, Access.Execute, _fetchMmu, out _);
        if (host == null) return FetchFromMmio(lin);
        _fetchPage = lin & 0xFFFF_F000;
        _fetchHost = host;
        return host[lin & 0xFFF];
    }

    private byte FetchFromMmio(uint lin)
    {
        uint phys = Translate(lin, Access.Execute, _cpl == 3, out _, out _);
        return (byte)Memory.Mmio.Read(phys, 1);
    }
}
