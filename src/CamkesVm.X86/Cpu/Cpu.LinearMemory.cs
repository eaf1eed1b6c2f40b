using System.Runtime.CompilerServices;

namespace CamkesVm.X86.Cpu;

/// <summary>
/// Linear-address reads and writes: a TLB hit is served from host memory directly; misses, page-crossing
/// accesses, MMIO, alignment checks and data breakpoints take the slow path. Writes that cross a page
/// translate both pages before storing anything, so a fault leaves memory unchanged.
/// </summary>
public sealed unsafe partial class Cpu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadLin8(uint lin)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbReadTag[i] == (lin & 0xFFFF_F000)) return *(byte*)(_tlbAddend[i] + (nint)lin);
        return (byte)ReadLinSlow(lin, 1, Access.Read);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort ReadLin16(uint lin)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbReadTag[i] == ((lin + 1) & 0xFFFF_F000))   // also misses when the access crosses the page
            return Unsafe.ReadUnaligned<ushort>((byte*)(_tlbAddend[i] + (nint)lin));
        return (ushort)ReadLinSlow(lin, 2, Access.Read);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadLin32(uint lin)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbReadTag[i] == ((lin + 3) & 0xFFFF_F000))   // also misses when the access crosses the page
            return Unsafe.ReadUnaligned<uint>((byte*)(_tlbAddend[i] + (nint)lin));
        return ReadLinSlow(lin, 4, Access.Read);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadLin(uint lin, int size) => size switch
    {
        1 => ReadLin8(lin),
        2 => ReadLin16(lin),
        _ => ReadLin32(lin),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLin8(uint lin, byte value)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbWriteTag[i] == (lin & 0xFFFF_F000)) *(byte*)(_tlbAddend[i] + (nint)lin) = value;
        else WriteLinSlow(lin, value, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLin16(uint lin, ushort value)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbWriteTag[i] == ((lin + 1) & 0xFFFF_F000))   // also misses when the access crosses the page
            Unsafe.WriteUnaligned((byte*)(_tlbAddend[i] + (nint)lin), value);
        else WriteLinSlow(lin, value, 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLin32(uint lin, uint value)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbWriteTag[i] == ((lin + 3) & 0xFFFF_F000))   // also misses when the access crosses the page
            Unsafe.WriteUnaligned((byte*)(_tlbAddend[i] + (nint)lin), value);
        else WriteLinSlow(lin, value, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLin(uint lin, uint value, int size)
    {
        if (size == 1) WriteLin8(lin, (byte)value);
        else if (size == 2) WriteLin16(lin, (ushort)value);
        else WriteLin32(lin, value);
    }

    /// <summary>Checks that a write would succeed (translation, permissions) without writing: RMW instructions.</summary>
    private void ProbeWrite(uint lin, int size)
    {
        int i = _mmu + ((int)(lin >> 12) & TlbMask);
        if (_tlbWriteTag[i] == (lin & 0xFFFF_F000) && (lin & 0xFFF) <= 0x1000 - size) return;
        CheckAlignment(lin, size);
        TranslateToHost(lin, Access.Write, _mmu, out _);
        uint last = lin + (uint)size - 1;
        if ((last ^ lin) >= 0x1000 || (last & 0xFFFF_F000) != (lin & 0xFFFF_F000))
            TranslateToHost(last, Access.Write, _mmu, out _);
    }

    private uint ReadLinSlow(uint lin, int size, Access access)
    {
        CheckAlignment(lin, size);
        CheckDataBreakpoint(lin, size, write: false);
        if ((lin & 0xFFF) <= 0x1000 - size) return ReadWithinPage(lin, size, access, _mmu);
        uint value = 0;
        for (int k = 0; k < size; k++) value |= ReadWithinPage(lin + (uint)k, 1, access, _mmu) << (8 * k);
        return value;
    }

    private uint ReadWithinPage(uint lin, int size, Access access, int bank)
    {
        byte* host = TranslateToHost(lin, access, bank, out uint phys);
        if (host == null)
        {
            SyncBlockState();                                // device code may read EIP or the count
            return Memory.Mmio.Read(phys, size);
        }
        byte* p = host + (lin & 0xFFF);
        return size switch { 1 => *p, 2 => Unsafe.ReadUnaligned<ushort>(p), _ => Unsafe.ReadUnaligned<uint>(p) };
    }

    private void WriteLinSlow(uint lin, uint value, int size)
    {
        CheckAlignment(lin, size);
        CheckDataBreakpoint(lin, size, write: true);
        if ((lin & 0xFFF) <= 0x1000 - size)
        {
            WriteWithinPage(lin, value, size);
            return;
        }
        TranslateToHost(lin, Access.Write, _mmu, out _);              // fault on either page before any store
        TranslateToHost(lin + (uint)size - 1, Access.Write, _mmu, out _);
        for (int k = 0; k < size; k++) WriteWithinPage(lin + (uint)k, value >> (8 * k), 1);
    }

    private void WriteWithinPage(uint lin, uint value, int size)
    {
        byte* host = TranslateToHost(lin, Access.Write, _mmu, out uint phys);
        if (host == null)
        {
            SyncBlockState();
            Memory.Mmio.Write(phys, value, size);
            return;
        }
        byte* p = host + (lin & 0xFFF);
        if (size == 1) *p = (byte)value;
        else if (size == 2) Unsafe.WriteUnaligned(p, (ushort)value);
        else Unsafe.WriteUnaligned(p, value);
        OnPhysicalWrite(phys);
    }

    private void CheckAlignment(uint lin, int size)
    {
        if (_mmu == SlowBank && (lin & (uint)(size - 1)) != 0 && _cpl == 3
            && (_cr0 & CrBits.AM) != 0 && (_flags & Flags.AC) != 0)
            Fault(Vector.AC, 0);
    }

    // ---- supervisor-privilege accesses for descriptor tables, TSS, IDT (SDM Vol. 3A, 4.6.1 implicit accesses)

    private uint ReadSystem(uint lin, int size)
    {
        if ((lin & 0xFFF) <= 0x1000 - size) return ReadWithinPage(lin, size, Access.Read, SupervisorBank);
        uint value = 0;
        for (int k = 0; k < size; k++) value |= ReadWithinPage(lin + (uint)k, 1, Access.Read, SupervisorBank) << (8 * k);
        return value;
    }

    private void WriteSystem(uint lin, uint value, int size)
    {
        for (int k = 0; k < size; k++)
        {
            byte* host = TranslateToHost(lin + (uint)k, Access.Write, SupervisorBank, out uint phys);
            if (host == null) Memory.Mmio.Write(phys, (value >> (8 * k)) & 0xFF, 1);
            else
            {
                host[(lin + (uint)k) & 0xFFF] = (byte)(value >> (8 * k));
                OnPhysicalWrite(phys);
            }
        }
    }
}
